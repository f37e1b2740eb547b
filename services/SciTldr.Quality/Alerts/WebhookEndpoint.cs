namespace SciTldr.Quality.Alerts;

/// <summary>Parsing and log-safe naming of the webhook URL.</summary>
internal static class WebhookEndpoint
{
    public static bool TryParse(string? value, out Uri uri)
    {
        if (Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var parsed)
            && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp)
            && !string.IsNullOrEmpty(parsed.Host))
        {
            uri = parsed;
            return true;
        }

        uri = null!;
        return false;
    }

    /// <summary>Scheme and host only: the path and query of a Slack webhook are its credentials, and user info would be too.</summary>
    public static string Redact(Uri uri) => $"{uri.Scheme}://{uri.Host}";
}
