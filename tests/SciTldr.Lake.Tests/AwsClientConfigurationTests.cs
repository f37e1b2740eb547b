using Amazon;
using Microsoft.Extensions.Configuration;

namespace SciTldr.Lake.Tests;

public sealed class AwsClientConfigurationTests
{
    private static Func<string, string?> Variables(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => map.GetValueOrDefault(name);
    }

    [Fact]
    public void A_custom_endpoint_becomes_the_service_url_with_path_style_and_signing_region()
    {
        var config = AwsClientConfiguration.CreateS3Config(Variables(
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
            ("AWS_REGION", "us-east-1")));

        Assert.Equal("http://127.0.0.1:4566/", config.ServiceURL);
        Assert.True(config.ForcePathStyle);
        Assert.Equal("us-east-1", config.AuthenticationRegion);
    }

    [Fact]
    public void The_s3_specific_endpoint_wins_over_the_global_one()
    {
        var config = AwsClientConfiguration.CreateS3Config(Variables(
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:1111"),
            ("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:2222")));

        Assert.Equal("http://127.0.0.1:2222/", config.ServiceURL);
        Assert.True(config.ForcePathStyle);
    }

    [Fact]
    public void Without_an_endpoint_the_region_selects_the_real_aws_endpoint_with_virtual_hosts()
    {
        var config = AwsClientConfiguration.CreateS3Config(Variables(("AWS_REGION", "eu-west-1")));

        Assert.Equal(RegionEndpoint.EUWest1, config.RegionEndpoint);
        Assert.False(config.ForcePathStyle);
    }

    [Fact]
    public void Blank_variables_count_as_unset()
    {
        var config = AwsClientConfiguration.CreateS3Config(Variables(("AWS_ENDPOINT_URL", " "), ("AWS_REGION", "")));

        Assert.False(config.ForcePathStyle);
        Assert.Null(AwsClientConfiguration.ResolveEndpoint("S3", Variables(("AWS_ENDPOINT_URL", " "))));
    }

    [Theory]
    [InlineData("127.0.0.1:4566")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("not a url")]
    public void A_malformed_endpoint_is_reported_by_variable_name(string endpoint)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AwsClientConfiguration.CreateS3Config(Variables(("AWS_ENDPOINT_URL", endpoint))));

        Assert.Contains("AWS_ENDPOINT_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_keys_are_read_like_environment_variables()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = "http://localhost:9000", ["AWS_REGION"] = "us-east-1" })
            .Build();

        var config = AwsClientConfiguration.CreateS3Config(configuration);

        Assert.Equal("http://localhost:9000/", config.ServiceURL);
        Assert.True(config.ForcePathStyle);
    }
}
