using Lepton.Tracking;

namespace Lepton.Web.Pages;

/// <summary>The models page: every registered model, by name.</summary>
internal sealed record ModelsView(IReadOnlyList<RegisteredModel> Models);
