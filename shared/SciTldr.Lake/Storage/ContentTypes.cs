namespace SciTldr.Lake;

/// <summary>
/// Content-Type by key suffix. Gzip files are typed application/gzip and never given Content-Encoding: gzip,
/// because HTTP clients would then decompress them on download and hand callers different bytes.
/// </summary>
internal static class ContentTypes
{
    public static string For(string key) => key switch
    {
        _ when key.EndsWith(".gz", StringComparison.Ordinal) => "application/gzip",
        _ when key.EndsWith(".jsonl", StringComparison.Ordinal) => "application/x-ndjson",
        _ when key.EndsWith(".json", StringComparison.Ordinal) => "application/json",
        _ when key.EndsWith(".parquet", StringComparison.Ordinal) => "application/vnd.apache.parquet",
        _ when key.EndsWith(".html", StringComparison.Ordinal) => "text/html; charset=utf-8",
        _ when key.EndsWith(".css", StringComparison.Ordinal) => "text/css; charset=utf-8",
        _ when key.EndsWith(".js", StringComparison.Ordinal) => "text/javascript; charset=utf-8",
        _ when key.EndsWith(".svg", StringComparison.Ordinal) => "image/svg+xml",
        _ when key.EndsWith(".png", StringComparison.Ordinal) => "image/png",
        _ => "application/octet-stream",
    };
}
