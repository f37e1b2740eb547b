using System.Text;

namespace SciTldr.Lake;

/// <summary>
/// A key, URI or key part (run id, split, stage, partition) that does not fit the lake layout.
/// Consumers treat it as a permanent error: retrying a malformed message never makes it valid.
/// </summary>
public sealed class InvalidLakeKeyException : ArgumentException
{
    public InvalidLakeKeyException(string value, string reason, string subject = "lake key")
        : base($"Invalid {subject} '{Printable(value)}': {reason}.")
    {
        Value = value;
        Reason = reason;
        Subject = subject;
    }

    /// <summary>The rejected value, exactly as received.</summary>
    public string Value { get; }

    /// <summary>Why it was rejected, in a few words.</summary>
    public string Reason { get; }

    /// <summary>What kind of value it was ("lake key", "run id", "S3 URI", ...).</summary>
    public string Subject { get; }

    // Keys come from messages; escaping control characters keeps a hostile key from forging log lines.
    private static string Printable(string value)
    {
        const int MaxShown = 200;
        var builder = new StringBuilder(Math.Min(value.Length, MaxShown) + 8);
        foreach (var c in value.Length > MaxShown ? value[..MaxShown] : value)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append($"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        if (value.Length > MaxShown)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }
}
