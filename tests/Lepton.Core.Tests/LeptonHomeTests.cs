namespace Lepton.Core.Tests;

public sealed class LeptonHomeTests
{
    [Fact]
    public void The_home_folder_is_LEPTON_HOME_made_absolute_else_dot_lepton_in_the_user_profile()
    {
        var saved = Environment.GetEnvironmentVariable(LeptonHome.Variable);
        try
        {
            Environment.SetEnvironmentVariable(LeptonHome.Variable, "relative-home");
            Assert.Equal(Path.GetFullPath("relative-home"), LeptonHome.Path);
            Assert.Equal(Path.Combine(Path.GetFullPath("relative-home"), "serving", "keys.json"), LeptonHome.Combine("serving", "keys.json"));

            Environment.SetEnvironmentVariable(LeptonHome.Variable, "");
            Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".lepton"), LeptonHome.Path);
        }
        finally
        {
            Environment.SetEnvironmentVariable(LeptonHome.Variable, saved);
        }
    }

    [Fact]
    public void A_process_without_the_engine_describes_no_engine()
    {
        // This test assembly references only Lepton.Core: nothing has registered an engine.
        Assert.Null(EngineDescription.Current);
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.9.8.7", true)]
    [InlineData("::1", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::", false)]
    [InlineData("192.168.1.5", false)]
    [InlineData("example.org", false)]
    public void Only_addresses_of_this_machine_are_loopback(string host, bool loopback) =>
        Assert.Equal(loopback, HostAddresses.IsLoopback(host));
}
