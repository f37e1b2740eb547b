using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace SciTldr.Lake;

public static class LakeServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="S3Lake"/>: <see cref="LakeOptions"/> bound from the <c>Lake</c> section and validated
    /// on start, and an <see cref="IAmazonS3"/> built from the standard AWS variables in <paramref name="configuration"/>
    /// (unless one is registered already, e.g. by a test). With <c>Lake:CreateBucketIfMissing</c>, the bucket is
    /// created when the host starts.
    /// </summary>
    public static IServiceCollection AddLake(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LakeOptions>()
            .Bind(configuration.GetSection(LakeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IAmazonS3>(_ => new AmazonS3Client(AwsClientConfiguration.CreateS3Config(configuration)));
        services.TryAddSingleton<S3Lake>();
        services.AddHostedService<LakeBucketInitializer>();
        return services;
    }
}
