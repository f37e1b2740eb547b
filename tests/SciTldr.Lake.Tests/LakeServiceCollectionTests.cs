using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SciTldr.Testing;

namespace SciTldr.Lake.Tests;

public sealed class LakeServiceCollectionTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    [Fact]
    public void The_lake_section_binds_to_options_and_the_s3_client_follows_the_aws_variables()
    {
        var configuration = Configuration(
            ("Lake:Bucket", "my-lake"),
            ("Lake:MaxRetryAttempts", "2"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
            ("AWS_REGION", "us-east-1"));
        using var services = new ServiceCollection().AddLake(configuration).BuildServiceProvider();

        var lake = services.GetRequiredService<S3Lake>();
        var s3 = (AmazonS3Client)services.GetRequiredService<IAmazonS3>();

        Assert.Equal("my-lake", lake.Bucket);
        Assert.Equal(2, services.GetRequiredService<IOptions<LakeOptions>>().Value.MaxRetryAttempts);
        Assert.Equal("http://127.0.0.1:4566/", s3.Config.ServiceURL);
        Assert.True(((AmazonS3Config)s3.Config).ForcePathStyle);
    }

    [Fact]
    public void The_bucket_defaults_to_the_lake_bucket()
    {
        using var services = new ServiceCollection().AddLake(Configuration(("AWS_REGION", "eu-west-1"))).BuildServiceProvider();

        Assert.Equal(LakeOptions.DefaultBucket, services.GetRequiredService<S3Lake>().Bucket);
    }

    [Theory]
    [InlineData("Lake:Bucket", "Not_A_Bucket")]
    [InlineData("Lake:Bucket", "")]
    [InlineData("Lake:MaxRetryAttempts", "99")]
    public async Task Invalid_options_stop_the_host_from_starting(string key, string value)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLake(Configuration((key, value)));
        using var host = builder.Build();

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    [Fact]
    public async Task Starting_the_host_creates_the_bucket_when_allowed()
    {
        var bucket = EmulatorFixture.UniqueName("hosted");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IAmazonS3>(fixture.Emulator.CreateS3Client());
        builder.Services.AddLake(Configuration(("Lake:Bucket", bucket), ("Lake:CreateBucketIfMissing", "true")));
        using var host = builder.Build();

        await host.StartAsync();
        var lake = host.Services.GetRequiredService<S3Lake>();

        Assert.False(await lake.EnsureBucketAsync());
        await host.StopAsync();
    }
}
