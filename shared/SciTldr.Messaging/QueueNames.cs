using SciTldr.Contracts;

namespace SciTldr.Messaging;

/// <summary>
/// The pipeline's queues, defined once. Logical names are the stage names; the physical SQS name is
/// <c>{QueuePrefix}{logical}</c> (default <c>scitldr-ingestion</c> …) and its dead-letter queue adds <c>-dlq</c>.
/// </summary>
public static class QueueNames
{
    public const string Ingestion = Stages.Ingestion;
    public const string Transformation = Stages.Transformation;
    public const string Quality = Stages.Quality;
    public const string Reporting = Stages.Reporting;

    public const string DeadLetterSuffix = "-dlq";

    public static readonly IReadOnlyList<string> All = [Ingestion, Transformation, Quality, Reporting];

    public static string Physical(string prefix, string logical) => prefix + logical;

    public static string DeadLetter(string physical) => physical + DeadLetterSuffix;
}
