namespace TensorLogic.Tlc.Repl;

/// <summary>
/// Lines read as they come, with no editing: what scripts and tests pipe in. On a terminal whose output is
/// redirected (so that no editor can draw) it still prints the prompts, as the REPL always did.
/// </summary>
internal sealed class PlainLineSource(TextReader input, TextWriter? prompts) : ILineSource
{
    public bool Interactive => prompts is not null;

    public string? ReadLine(bool continuation)
    {
        prompts?.Write(continuation ? "... " : "tl> ");
        return input.ReadLine();
    }
}
