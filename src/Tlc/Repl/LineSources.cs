namespace TensorLogic.Tlc.Repl;

/// <summary>Chooses how the REPL reads: the line editor for a person at a terminal, plain lines otherwise.</summary>
internal static class LineSources
{
    public static ILineSource For(CommandEnvironment environment, IReadOnlyList<string> commands, Func<IEnumerable<string>> tensorNames)
    {
        var console = ReferenceEquals(environment.Stdin, Console.In) && !Console.IsInputRedirected;
        // Scripts and tests pipe their statements in and rely on reading exactly those lines, so the editor,
        // which draws on the screen and answers keys, is only for a terminal at both ends that understands
        // the two escape sequences it draws with (erase to end of line, cursor left); "dumb" ones do not.
        if (console && ReferenceEquals(environment.Stdout, Console.Out) && !Console.IsOutputRedirected
            && Environment.GetEnvironmentVariable("TERM") is { Length: > 0 } term && term != "dumb")
            return new TerminalLineEditor(new ReplCompletion(commands, tensorNames), new ReplHistory(ReplHistory.DefaultPath()));
        return new PlainLineSource(environment.Stdin, console ? environment.Stdout : null);
    }
}
