using SciTldr.Testing;

namespace SciTldr.Quality.Tests.Alerts;

/// <summary>One emulator for every alerting test that needs the lake; each test uses its own bucket.</summary>
[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "emulator";
}
