namespace SciTldr.Domain.Enrichment;

/// <summary>One machine-learning subfield of the lexicon and the terms that signal it.</summary>
/// <param name="Id">Stable kebab-case id, stored in silver.</param>
/// <param name="Name">Display name.</param>
/// <param name="Terms">Lower-case terms; a term of several words matches as consecutive tokens.</param>
public sealed record ResearchArea(string Id, string Name, IReadOnlyList<string> Terms);
