using Lepton.Zoo.Recommendation;

namespace Lepton.Zoo.Tests.Recommendation;

public sealed class RatingsTests
{
    // The layout R's write.csv gives dslabs' movielens table: quoted text, a title with a comma, NA for a missing year.
    private const string MovieLens = """
        "movieId","title","year","genres","userId","rating","timestamp"
        31,"Dangerous Minds",1995,"Drama",1,2.5,1260759144
        1029,"Dumbo",1941,"Animation|Children|Drama|Musical",1,3,1260759179
        10,"GoldenEye",1995,"Action|Adventure|Thriller",2,4,835355493
        31,"Dangerous Minds",1995,"Drama",2,3,835355681
        1029,"Dumbo",1941,"Animation|Children|Drama|Musical",10,5,1260759100
        42,"Big, ""Bad"" Movie",NA,"Comedy",10,1.5,1260759300
        """;

    [Fact]
    public void Reads_dslabs_movielens_columns_with_quoted_titles_and_indexes_ids_in_text_order()
    {
        using var folder = new TempFolder();
        var ratings = Ratings.ReadCsv(folder.Write("movielens.csv", MovieLens));

        Assert.Equal(6, ratings.Count);
        Assert.Equal(["1", "10", "2"], ratings.UserIds);
        Assert.Equal(["10", "1029", "31", "42"], ratings.ItemIds);
        Assert.Equal("Big, \"Bad\" Movie", ratings.ItemLabel(3));
        Assert.Equal("Dumbo", ratings.ItemLabel(1));
        Assert.Equal([0, 0, 2, 2, 1, 1], ratings.Users);
        Assert.Equal([2, 1, 0, 2, 1, 3], ratings.Items);
        Assert.Equal([2.5f, 3, 4, 3, 5, 1.5f], ratings.Values);
        Assert.Equal(1260759144, ratings.Timestamps![0]);
    }

    [Fact]
    public void Reads_a_plain_table_without_timestamps_or_titles()
    {
        using var folder = new TempFolder();
        var ratings = Ratings.ReadCsv(folder.Write("r.csv", "user_id,item_id,rating\nann,x,4\r\nbob,y,2\n\nann,y,3\n"));
        Assert.Equal(3, ratings.Count);
        Assert.Null(ratings.Timestamps);
        Assert.Equal("y", ratings.ItemLabel(1));
    }

    [Theory]
    [InlineData("userId,movieId,rating\n1,2,3\n1,3,abc\n", "line 3, column 'rating': 'abc' is not a number")]
    [InlineData("userId,movieId,rating,timestamp\n1,2,3,5\n1,3,4,yesterday\n", "line 3, column 'timestamp': 'yesterday'")]
    [InlineData("userId,movieId,rating\n1,2,3\n,3,4\n", "line 3, column 'userId': '' is missing")]
    [InlineData("userId,movieId,rating\n1,2\n", "line 2: the row has 2 fields but the header has 3")]
    [InlineData("user,score\n1,2\n", "line 1: no column named 'movieId' or 'itemId'")]
    [InlineData("userId,movieId,rating\n1,\"2,3\n", "line 2: a quoted field is never closed")]
    [InlineData("userId,movieId,rating\n", "no ratings")]
    public void A_bad_file_is_an_error_naming_the_file_line_and_column(string text, string expected)
    {
        using var folder = new TempFolder();
        var path = folder.Write("bad.csv", text);
        var error = Assert.Throws<InvalidDataException>(() => Ratings.ReadCsv(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_random_split_is_seeded_holds_out_a_fifth_and_never_a_user_or_item_training_lacks()
    {
        var ratings = SyntheticRatings.Generate(users: 200, items: 300, perUser: 8, seed: 3);
        var (train, test) = ratings.SplitRandom(0.2, seed: 7);

        Assert.Equal(ratings.Count, train.Count + test.Count);
        Assert.Equal((int)Math.Round(ratings.Count * 0.2), test.Count);
        var trainUsers = train.Users.ToHashSet();
        var trainItems = train.Items.ToHashSet();
        Assert.All(test.Users, u => Assert.Contains(u, trainUsers));
        Assert.All(test.Items, i => Assert.Contains(i, trainItems));
        var pairs = Pairs(train).Concat(Pairs(test)).ToList();
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
        Assert.Equal(Pairs(ratings).Order(), pairs.Order());
        Assert.Equal(test.Items, ratings.SplitRandom(0.2, seed: 7).Test.Items);
        Assert.NotEqual(test.Items, ratings.SplitRandom(0.2, seed: 8).Test.Items);
    }

    [Fact]
    public void Leave_one_out_holds_out_each_users_latest_rating_and_keeps_single_ratings_for_training()
    {
        using var folder = new TempFolder();
        var ratings = Ratings.ReadCsv(folder.Write("r.csv", "userId,movieId,rating,timestamp\n1,a,4,300\n1,b,3,100\n1,c,5,200\n2,a,2,50\n3,b,1,10\n3,c,2,10\n"));
        var (train, test) = ratings.SplitLeaveOneOut();

        Assert.Equal([(0, 0), (2, 2)], Pairs(test));
        Assert.Equal(4, train.Count);
        Assert.Contains((1, 0), Pairs(train));
        Assert.DoesNotContain(Pairs(test), p => Pairs(train).Contains(p));
        Assert.All(Enumerable.Range(0, test.Count), t =>
            Assert.All(Enumerable.Range(0, train.Count).Where(r => train.Users[r] == test.Users[t]), r => Assert.True(train.Timestamps![r] <= test.Timestamps![t])));
    }

    [Fact]
    public void Ratings_become_a_dataset_of_user_item_pairs_and_a_csv_a_peer_reads()
    {
        using var folder = new TempFolder();
        var ratings = SyntheticRatings.Generate(users: 5, items: 6, perUser: 3);
        using var data = ratings.ToDataset();
        Assert.Equal(15, data.Count);
        var path = folder.PathOf("train.csv");
        ratings.WriteCsv(path);
        var lines = File.ReadAllLines(path);
        Assert.Equal("user,item,rating,timestamp", lines[0]);
        Assert.Equal(16, lines.Length);
        Assert.StartsWith($"{ratings.Users[0]},{ratings.Items[0]},", lines[1], StringComparison.Ordinal);
    }

    private static List<(int, int)> Pairs(Ratings r) => [.. Enumerable.Range(0, r.Count).Select(i => (r.Users[i], r.Items[i]))];
}
