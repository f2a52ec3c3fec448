namespace TensorLogic.Tlc;

/// <summary>
/// Where a verb writes and how. Verbs receive it instead of touching <see cref="Console"/>, so that tests
/// run them in-process with string writers and see exactly what a user would.
/// </summary>
/// <param name="UseColor">Whether diagnostics may carry ANSI colors (stderr is a terminal and NO_COLOR is unset).</param>
internal sealed record CommandEnvironment(TextWriter Stdout, TextWriter Stderr, bool UseColor)
{
    /// <summary>Where the REPL reads statements: the console, or a test's reader.</summary>
    public TextReader Stdin { get; init; } = Console.In;

    /// <summary>How many errors a verb prints before it only counts them (<c>--max-errors</c>; 0: all).</summary>
    public int MaxErrors { get; set; } = DiagnosticWriter.DefaultMaxErrors;

    /// <summary>
    /// Colors only for a person at a terminal: never when stderr is a file, a pipe or a test's writer, never
    /// when NO_COLOR is set to anything (https://no-color.org), and never on a terminal that says it has none
    /// (TERM=dumb, as Emacs shells set it).
    /// </summary>
    public static bool ColorsWanted(TextWriter stderr) =>
        ReferenceEquals(stderr, Console.Error)
        && !Console.IsErrorRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";
}
