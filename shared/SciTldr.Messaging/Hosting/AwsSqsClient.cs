using Amazon;
using Amazon.SQS;
using Microsoft.Extensions.Configuration;

namespace SciTldr.Messaging.Hosting;

/// <summary>
/// Builds the SQS client from the standard AWS settings: <c>AWS_ENDPOINT_URL_SQS</c> or
/// <c>AWS_ENDPOINT_URL</c> (an emulator such as fauxqs), <c>AWS_REGION</c>; credentials come from the
/// SDK's default chain (environment variables locally, the task role on ECS).
/// </summary>
public static class AwsSqsClient
{
    public static AmazonSQSConfig CreateConfig(IConfiguration configuration)
    {
        var region = configuration["AWS_REGION"] ?? configuration["AWS_DEFAULT_REGION"] ?? "us-east-1";
        var endpoint = configuration["AWS_ENDPOINT_URL_SQS"] ?? configuration["AWS_ENDPOINT_URL"];
        var config = new AmazonSQSConfig { MaxErrorRetry = 2 };
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region;
        }

        return config;
    }

    public static AmazonSQSClient Create(IConfiguration configuration) => new(CreateConfig(configuration));
}
