using SciTldr.Domain.Features;

namespace SciTldr.Domain.Quality.RunLevel;

/// <summary>Reads a named silver column off a feature row (null: the row has no value there).</summary>
public interface IColumnAccess
{
    Func<PaperFeatures, double?> PaperNumber(string column);

    Func<PaperFeatures, string?> PaperText(string column);

    Func<TldrFeatures, double?> TldrNumber(string column);

    Func<TldrFeatures, string?> TldrText(string column);
}
