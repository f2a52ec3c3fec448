using System.CommandLine.Invocation;
using System.CommandLine;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Resources;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// The <c>tlc</c> command line: a root command with one subcommand per verb. <see cref="Run"/> is the
/// whole program behind <c>Main</c>, with its writers passed in so that tests run it in-process.
/// </summary>
internal static class CommandLine
{
    public const string Description =
        "tlc: the compiler for Tensor Logic, a language whose only construct is the tensor equation, " +
        "so that neural networks and Datalog rules are written the same way.";

    /// <summary>
    /// The verbs, in the order help lists them. A new verb (run, repl) is a class under Commands/ with a
    /// <c>Create(CommandEnvironment)</c> factory, added to this list; nothing else needs to change.
    /// </summary>
    internal static readonly IReadOnlyList<Func<CommandEnvironment, Command>> Verbs =
    [
        RunCommand.Create,
        ReplCommand.Create,
        TrainCommand.Create,
        GradCommand.Create,
        CheckCommand.Create,
        FmtCommand.Create,
        DocCommand.Create,
        ParseCommand.Create,
        DevicesCommand.Create,
        LspCommand.Create,
    ];

    private const string MaxErrorsName = "--max-errors";

    /// <summary>
    /// Accepted by every verb (it is recursive) and read once in <see cref="Run"/>, so that no verb has to pass
    /// it on to the diagnostic writers it creates.
    /// </summary>
    private static Option<int> CreateMaxErrorsOption() => new Option<int>(MaxErrorsName)
    {
        Description = "Print at most N errors, then only how many more there were (0 = all)",
        DefaultValueFactory = _ => DiagnosticWriter.DefaultMaxErrors,
        HelpName = "N",
        Recursive = true,
    }.AcceptIntegers(0);

    public static RootCommand Build(CommandEnvironment environment)
    {
        var root = new RootCommand(Description);
        // Replace the built-in version option, which exists on the root only, by one every verb accepts.
        foreach (var builtin in root.Options.OfType<VersionOption>().ToList())
            root.Options.Remove(builtin);
        root.Options.Add(ToolVersion.CreateOption());
        root.Options.Add(CreateMaxErrorsOption());
        foreach (var verb in Verbs)
            root.Subcommands.Add(verb(environment));
        // Without a verb there is nothing to do; saying so beats System.CommandLine's "Required command" error,
        // which it also reports beside "Unrecognized command 'frob'" for a mistyped verb.
        root.SetAction(_ =>
        {
            environment.Stderr.WriteLine($"tlc: no command given; the commands are {string.Join(", ", root.Subcommands.Select(c => c.Name))}");
            environment.Stderr.WriteLine("Run 'tlc --help' for usage.");
            return ExitCodes.Usage;
        });
        return root;
    }

    /// <summary>Parses <paramref name="args"/>, runs the verb, and returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TextReader? stdin = null)
    {
        var environment = new CommandEnvironment(stdout, stderr, CommandEnvironment.ColorsWanted(stderr)) { Stdin = stdin ?? Console.In };
        var result = Build(environment).Parse(args);
        if (result.Errors.Count > 0 && result.Action is ParseErrorAction or null)
            return UsageError(result, stderr);
        environment.MaxErrors = result.GetValue<int>(MaxErrorsName);
        var configuration = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            // Verbs report every problem with the user's input themselves; anything that escapes is a bug.
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return result.Invoke(configuration);
        }
        catch (Exception e) when (Stopped(e) is { } limit)
        {
            // A verb that does not catch the limits itself (train, the REPL's own loop) still reports them as diagnostics.
            var writer = Report.Writer(environment);
            writer.Write(limit);
            return Report.Finish(writer, inputUnreadable: false);
        }
        catch (Exception e)
        {
            stderr.WriteLine($"tlc: internal error, please report it: {e}");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// A resource limit, or the memory the limits did not foresee running out (an allocation under 1 MiB, or
    /// one outside a session): the user's program asked for too much, which is not a bug in tlc.
    /// </summary>
    private static Diagnostic? Stopped(Exception e) =>
        ResourceLimitException.Of(e) is { } limit ? limit.ToDiagnostic()
        : e is OutOfMemoryException || e is AggregateException a && a.Flatten().InnerExceptions.Any(i => i is OutOfMemoryException)
            ? new Diagnostic(Catalog.MemoryBudgetExceeded, null, "the machine ran out of memory",
                "give --max-memory a smaller budget to stop earlier, at the equation that needs more", [])
            : null;

    /// <summary>System.CommandLine's messages, then where to find help; exit code 2, as usage errors have by convention.</summary>
    private static int UsageError(ParseResult result, TextWriter stderr)
    {
        foreach (var error in result.Errors)
            stderr.WriteLine($"tlc: {error.Message}");
        var path = string.Join(' ', CommandPath(result.CommandResult.Command));
        stderr.WriteLine($"Run '{path} --help' for usage.");
        return ExitCodes.Usage;
    }

    private static IEnumerable<string> CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command current; symbol = current.Parents.FirstOrDefault())
            names.Add(current is RootCommand ? "tlc" : current.Name);
        names.Reverse();
        return names;
    }
}
