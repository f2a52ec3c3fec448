namespace TensorLogic.Tlc.Repl;

/// <summary>
/// Where the REPL gets its next line: an editor on a terminal, or plain lines from a pipe or a test. The session
/// decides what a line means; the source only reads it.
/// </summary>
internal interface ILineSource
{
    /// <summary>The next line, or null at the end of input. <paramref name="continuation"/> asks for the "... " prompt.</summary>
    string? ReadLine(bool continuation);

    /// <summary>Whether a person is typing: greetings and prompts are only for them.</summary>
    bool Interactive { get; }
}
