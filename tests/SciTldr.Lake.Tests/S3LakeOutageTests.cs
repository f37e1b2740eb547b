using Microsoft.Extensions.Options;
using SciTldr.Testing;
using static SciTldr.Lake.Tests.TestStreams;

namespace SciTldr.Lake.Tests;

/// <summary>Its own emulator, because these tests stop it.</summary>
public sealed class S3LakeOutageTests
{
    [Fact]
    public async Task A_write_during_an_emulator_restart_is_retried_until_it_lands()
    {
        var s3Storage = Directory.CreateTempSubdirectory("fauxqs-s3-").FullName;
        try
        {
            await using var emulator = await Emulator.StartAsync(persistent: true, s3StorageDir: s3Storage);
            var logger = new ListLogger<S3Lake>();
            var lake = new S3Lake(
                emulator.CreateS3Client(),
                Options.Create(new LakeOptions
                {
                    Bucket = EmulatorFixture.UniqueName("outage"),
                    CreateBucketIfMissing = true,
                    MaxRetryAttempts = 10,
                    RetryBaseDelay = TimeSpan.FromMilliseconds(100),
                    RetryMaxDelay = TimeSpan.FromSeconds(1),
                }),
                logger);
            await lake.EnsureBucketAsync();
            var key = LakeLayout.ManifestKey("outage");

            await emulator.StopAsync();
            var write = lake.PutBytesAsync(key, Utf8("{\"survived\":true}"));
            await WaitUntilAsync(() => logger.Retries > 0 || write.IsCompleted);
            await emulator.RestartAsync();
            await write;

            Assert.True(logger.Retries > 0);
            Assert.Equal(Utf8("{\"survived\":true}"), await lake.GetBytesAsync(key));
        }
        finally
        {
            Directory.Delete(s3Storage, recursive: true);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
