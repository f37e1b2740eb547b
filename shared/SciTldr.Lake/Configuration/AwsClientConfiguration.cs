using Amazon;
using Amazon.S3;
using Microsoft.Extensions.Configuration;

namespace SciTldr.Lake;

/// <summary>
/// Builds AWS client configuration from the standard AWS variables, read through a lookup so it can be tested
/// without touching the process environment. The SDK (v4) reads AWS_ENDPOINT_URL by itself, but it does not
/// switch S3 to path-style addressing, which emulators need; so the endpoint is mapped here explicitly.
/// Credentials are left to the SDK's default chain (environment variables locally, the task role in ECS).
/// </summary>
public static class AwsClientConfiguration
{
    public const string EndpointVariable = "AWS_ENDPOINT_URL";
    public const string RegionVariable = "AWS_REGION";

    /// <summary>The service-specific endpoint variable prefix; <c>AWS_ENDPOINT_URL_S3</c> wins over <see cref="EndpointVariable"/>.</summary>
    public const string ServiceEndpointVariablePrefix = "AWS_ENDPOINT_URL_";

    public const string S3ServiceId = "S3";

    public static AmazonS3Config CreateS3Config(IConfiguration configuration) => CreateS3Config(name => configuration[name]);

    public static AmazonS3Config CreateS3ConfigFromEnvironment() => CreateS3Config(Environment.GetEnvironmentVariable);

    public static AmazonS3Config CreateS3Config(Func<string, string?> lookup)
    {
        var config = new AmazonS3Config();
        var endpoint = ResolveEndpoint(S3ServiceId, lookup);
        var region = ResolveRegion(lookup);
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint.ToString();

            // Emulators serve buckets by path, not by virtual host name.
            config.ForcePathStyle = true;

            // With a custom endpoint the region cannot be derived from the host name; it is needed for signing only.
            if (region is not null)
            {
                config.AuthenticationRegion = region;
            }
        }
        else if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }

    /// <summary>
    /// The endpoint for one service: <c>AWS_ENDPOINT_URL_{SERVICE}</c> when set, else <c>AWS_ENDPOINT_URL</c>,
    /// else null (the SDK resolves the real AWS endpoint). Throws when the value is not an absolute http(s) URL.
    /// </summary>
    public static Uri? ResolveEndpoint(string serviceId, Func<string, string?> lookup)
    {
        foreach (var variable in new[] { ServiceEndpointVariablePrefix + serviceId.ToUpperInvariant(), EndpointVariable })
        {
            var value = lookup(variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new InvalidOperationException($"{variable} '{value}' is not an absolute http(s) URL.");
            }

            return uri;
        }

        return null;
    }

    /// <summary>The region named by <c>AWS_REGION</c>, or null to let the SDK find one.</summary>
    public static string? ResolveRegion(Func<string, string?> lookup)
    {
        var region = lookup(RegionVariable);
        return string.IsNullOrWhiteSpace(region) ? null : region.Trim();
    }
}
