using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SciTldr.Lake;

/// <summary>Creates the lake bucket at start-up when <see cref="LakeOptions.CreateBucketIfMissing"/> allows it (local stacks).</summary>
/// <remarks>
/// The lake is resolved only when needed: hosted services are built before options are validated, and building
/// the S3 client eagerly would turn a clear validation error (or a host that never touches S3) into an AWS one.
/// </remarks>
internal sealed class LakeBucketInitializer(IServiceProvider services, IOptions<LakeOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.CreateBucketIfMissing)
        {
            await services.GetRequiredService<S3Lake>().EnsureBucketAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
