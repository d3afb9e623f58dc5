namespace Lepton.Tracking.Tests;

/// <summary>A deployment's target read back as the address of the server it names, when it names one a dashboard may call.</summary>
public sealed class DeploymentTests
{
    [Theory]
    [InlineData("lepton serve http://127.0.0.1:8080", "http://127.0.0.1:8080/")]
    [InlineData("lepton serve http://127.0.0.1:8080/", "http://127.0.0.1:8080/")]
    [InlineData("http://10.0.0.2:9000", "http://10.0.0.2:9000/")]
    [InlineData("  lepton serve   https://Serving.Example.com:8443/v1/?token=x#top ", "https://serving.example.com:8443/v1")]
    [InlineData("lepton serve", null)]
    [InlineData("lepton serve http://user:secret@10.0.0.2:9000", null)]
    [InlineData("ftp://10.0.0.2/model file:///etc/passwd javascript:alert(1)", null)]
    [InlineData("batch job s3://bucket/out", null)]
    [InlineData("lepton serve 127.0.0.1:8080", null)]
    public void The_address_is_the_first_http_url_in_the_target_without_credentials_query_or_trailing_slash(string target, string? address)
    {
        var deployment = new Deployment(1, "m", 1, target, DateTimeOffset.UnixEpoch);

        Assert.Equal(address, deployment.Address?.AbsoluteUri);
    }

    [Fact]
    public void A_target_made_for_a_server_reads_back_its_address()
    {
        var target = Deployment.TargetOf("lepton serve", new Uri("http://127.0.0.1:5123/"));

        Assert.Equal("lepton serve http://127.0.0.1:5123", target);
        Assert.Equal(new Uri("http://127.0.0.1:5123"), new Deployment(1, "m", 1, target, DateTimeOffset.UnixEpoch).Address);
    }
}
