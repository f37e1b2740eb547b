namespace SciTldr.Domain.Enrichment;

/// <summary>Surface traits of a TLDR's wording; see <see cref="TldrStyleFlags"/> for the rules.</summary>
[Flags]
public enum TldrStyle
{
    None = 0,
    FirstPerson = 1,
    ContainsNumber = 2,
    StartsWithWePropose = 4,
    StartsWithThisPaper = 8,
    Question = 16,
    ClaimsStateOfTheArt = 32,
    MentionsCode = 64,
}
