using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace SciTldr.Reporting.Dashboard;

/// <summary>
/// The dashboard's page, script, style sheet and chart library, embedded in the assembly by the build
/// (see the project file), served by the service and copied into every run's static report.
/// </summary>
public sealed class DashboardAssets
{
    /// <summary>Replaced by the static report's data script, removed from the live page.</summary>
    public const string DataMarker = "<!--SCITLDR-DATA-->";

    public const string DataScriptName = "data.js";

    private const string ResourcePrefix = "dashboard/";
    private const string IndexName = "index.html";

    private readonly Dictionary<string, Asset> _assets;

    public DashboardAssets()
        : this(typeof(DashboardAssets).Assembly)
    {
    }

    private DashboardAssets(Assembly assembly)
    {
        _assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var name = resource[ResourcePrefix.Length..];
            _assets[name] = new Asset(name, buffer.ToArray());
        }

        foreach (var required in (string[])[IndexName, "app.js", "app.css", "chart.umd.min.js"])
        {
            if (!_assets.ContainsKey(required))
            {
                throw new InvalidOperationException($"the dashboard asset '{required}' is not embedded in {assembly.GetName().Name}; rebuild the reporting service (npm ci in services/SciTldr.Reporting/Dashboard)");
            }
        }

        var index = Encoding.UTF8.GetString(_assets[IndexName].Content);
        if (!index.Contains(DataMarker, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the dashboard's {IndexName} lacks the {DataMarker} marker");
        }

        LivePage = Encoding.UTF8.GetBytes(index.Replace(DataMarker, "", StringComparison.Ordinal));
        StaticPage = Encoding.UTF8.GetBytes(index.Replace(DataMarker, $"<script src=\"{DataScriptName}\"></script>", StringComparison.Ordinal));
    }

    /// <summary>The page the service serves: it asks the JSON API for its data.</summary>
    public byte[] LivePage { get; }

    /// <summary>The page of a static report: it reads its data from <see cref="DataScriptName"/> beside it.</summary>
    public byte[] StaticPage { get; }

    /// <summary>Everything under <c>assets/</c>, by file name.</summary>
    public IEnumerable<Asset> Files => _assets.Values.Where(asset => asset.Name != IndexName).OrderBy(asset => asset.Name, StringComparer.Ordinal);

    public Asset? Find(string name) => name != IndexName && _assets.TryGetValue(name, out var asset) ? asset : null;

    /// <summary>An embedded file with its content type and a strong entity tag.</summary>
    public sealed class Asset
    {
        public Asset(string name, byte[] content)
        {
            Name = name;
            Content = content;
            ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16))}\"";
            ContentType = Path.GetExtension(name) switch
            {
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".html" => "text/html; charset=utf-8",
                _ => "application/octet-stream",
            };
        }

        public string Name { get; }

        public byte[] Content { get; }

        public string ETag { get; }

        public string ContentType { get; }
    }
}
