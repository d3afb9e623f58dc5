namespace Lepton.Training.Text;

/// <summary>How the text candidate turns a text column's token ids into one vector.</summary>
internal enum TextEncoder
{
    /// <summary>The average of the tokens' embeddings, padding left out (fastText's bag of embeddings): fast, strong on short text.</summary>
    Bag,

    /// <summary>A bidirectional LSTM over the embeddings, its outputs averaged.</summary>
    Lstm,

    /// <summary>A bidirectional GRU over the embeddings, its outputs averaged.</summary>
    Gru,

    /// <summary>Embeddings plus learned positions, one Transformer encoder block, its outputs averaged.</summary>
    Transformer,
}
