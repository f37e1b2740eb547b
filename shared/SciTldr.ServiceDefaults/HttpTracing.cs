using System.Diagnostics;

namespace SciTldr.ServiceDefaults;

/// <summary>
/// Spans for outgoing HTTP calls, named after the AWS operation where there is one: every SQS call
/// (<c>SQS ReceiveMessage</c>, from the JSON protocol's <c>X-Amz-Target</c>) and every S3 call
/// (<c>S3 GET</c> …, with the bucket and key) becomes a child span of the work that made it.
/// </summary>
public static class HttpTracing
{
    /// <summary>Set on a request that must not be traced (e.g. a webhook whose URL is a secret).</summary>
    public static readonly HttpRequestOptionsKey<bool> Untraced = new("scitldr.untraced");

    public static bool ShouldTrace(HttpRequestMessage request) =>
        !(request.Options.TryGetValue(Untraced, out var untraced) && untraced);

    public static void Enrich(Activity activity, HttpRequestMessage request)
    {
        if (request.Headers.TryGetValues("X-Amz-Target", out var targets) && targets.FirstOrDefault() is { } target)
        {
            // "AmazonSQS.ReceiveMessage"
            var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
            activity.DisplayName = $"SQS {operation}";
            activity.SetTag("rpc.system", "aws-api");
            activity.SetTag("rpc.service", "SQS");
            activity.SetTag("rpc.method", operation);
        }
        else if (request.Headers.Contains("x-amz-content-sha256") || request.Headers.Contains("X-Amz-Date"))
        {
            activity.DisplayName = $"S3 {request.Method.Method}";
            activity.SetTag("rpc.system", "aws-api");
            activity.SetTag("rpc.service", "S3");
            activity.SetTag("aws.s3.path", request.RequestUri?.AbsolutePath);
        }
    }
}
