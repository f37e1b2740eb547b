using Spectre.Console;
using Spectre.Console.Rendering;

namespace SciTldr.Cli.Commands;

/// <summary>Shows a stage's partitions as done/total ("?" while the total is not known yet).</summary>
internal sealed class CountColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(task.IsIndeterminate ? $"{task.Value:0}/?" : $"{task.Value:0}/{task.MaxValue:0}");
}
