using TensorLogic.Backends.Gpu.Memory;
using TensorLogic.Compiler;
using TensorLogic.Compiler.Loading;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Parsing;
using TensorLogic.Syntax.Text;
using TensorLogic.Tlc.Documentation;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// The read-eval-print loop. Each accepted submission becomes one more source of the program
/// (<c>&lt;repl:3&gt;</c>), and the whole program is checked again, as minsk chains its submissions: a
/// submission with errors is reported and dropped, leaving the program as it was. Only the outputs of the
/// newest submission are answered. A line that leaves a bracket open, or ends in a comma or an operator,
/// is continued on the next.
/// </summary>
internal sealed class Repl(CommandEnvironment environment, bool json, IEngine engine, string? parameters = null)
{
    private const string Help = """
        Statements (equations, rules, facts, declarations) add to the program; queries are answered.
          T?  R(A, x)?  T[A, x]?   ask a query
          :load FILE               add a program file
          :why R(A, B)             how R(A, B) was derived: a tree of rules down to facts
          :why Dist[C]             how a min= or max= cell got its value: the chain that attains it
          :list                    the tensors, with type and shape
          :doc NAME                the /// comment of a tensor, input, parameter or instance (net.Probs, net)
          :reset                   forget everything
          :help                    this text
          :quit                    leave (also end of input)
        A line with an open bracket continues on the next.
        """;

    private readonly List<SourceText> _sources = [];
    private int _submissions;
    private bool Interactive => ReferenceEquals(environment.Stdin, Console.In) && !Console.IsInputRedirected;

    public int Run(IReadOnlyList<string> files)
    {
        var failed = false;
        foreach (var file in files)
            failed |= !Load(file);
        if (Interactive)
            environment.Stdout.Write("Tensor Logic REPL. Type :help for commands, :quit to leave.\n");
        var buffer = new List<string>();
        while (true)
        {
            if (Interactive)
                environment.Stdout.Write(buffer.Count == 0 ? "tl> " : "... ");
            var line = environment.Stdin.ReadLine();
            if (line is null)
                break;
            if (buffer.Count == 0 && line.TrimStart().StartsWith(':'))
            {
                if (!Command(line.Trim()))
                    break;
                continue;
            }
            buffer.Add(line);
            var text = string.Join("\n", buffer);
            if (IsIncomplete(text))
                continue;
            buffer.Clear();
            if (!string.IsNullOrWhiteSpace(text))
                failed |= !Submit(new SourceText(text + "\n", $"<repl:{++_submissions}>"));
        }
        // Piped input ends the session: the exit code tells a script whether any submission failed.
        return failed && !Interactive ? ExitCodes.ProgramErrors : ExitCodes.Success;
    }

    private static bool IsIncomplete(string text) =>
        SyntaxParser.ParseWithStatus(new SourceText(text, "<repl>"), new DiagnosticBag()).EndedIncomplete;

    /// <summary>Runs a ':' command; false to leave the loop.</summary>
    private bool Command(string line)
    {
        var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        switch (parts[0])
        {
            case ":quit" or ":q" or ":exit":
                return false;
            case ":help" or ":h":
                environment.Stdout.Write(Help);
                break;
            case ":reset":
                _sources.Clear();
                environment.Stdout.Write("program cleared\n");
                break;
            case ":list":
                List();
                break;
            case ":load" when parts.Length == 2:
                Load(parts[1]);
                break;
            case ":doc" when parts.Length == 2:
                Doc(parts[1]);
                break;
            case ":why" when parts.Length == 2:
                Explanation.Write(_sources, parts[1], engine, new EvaluationOptions(), environment.Stdout, Report.Writer(environment));
                break;
            default:
                environment.Stderr.Write($"unknown command '{line}'; type :help for the commands\n");
                break;
        }
        return true;
    }

    private bool Load(string path)
    {
        if (SourceFiles.Read(path, out var failure) is not { } source)
        {
            Report.Writer(environment).Write(failure!);
            return false;
        }
        return Submit(source);
    }

    /// <summary>Checks the program with the new source added; on success keeps it and answers its outputs.</summary>
    private bool Submit(SourceText source)
    {
        var compiled = Compilation.Compile([.. _sources, source], DataReaders.Default, ProgramLoader.DefaultSearchPath());
        var writer = Report.Writer(environment);
        // Warnings about earlier submissions were shown when they were made; show only the new source's.
        // "Never used" means nothing in a session that is still being typed, so it is not shown at all.
        writer.Write(compiled.Diagnostics.Where(d => d.IsError || d.Location?.Source == source && d.Descriptor != Catalog.UnusedTensor));
        if (compiled.HasErrors || compiled.Bound is not { } bound)
            return false;
        _sources.Add(source);
        var outputs = bound.Outputs.Where(o => o.Location.Source == source).ToList();
        if (outputs.Count == 0)
            return true;
        Session created;
        try
        {
            created = new Session(bound, engine, new EvaluationOptions());
        }
        catch (TensorTooLargeException e)
        {
            writer.Write(RunCommand.TooLarge(e));
            return false;
        }
        catch (DeviceMemoryException e)
        {
            writer.Write(DeviceErrors.OutOfMemory(e));
            return false;
        }
        using var session = created;
        // The program grows statement by statement: saved tensors it does not have yet are simply not placed.
        if (parameters is not null && !LearnedParameters.Place(parameters, session, writer, onlyKnown: true))
            return false;
        try
        {
            foreach (var output in outputs)
            {
                OutputResult result = output switch
                {
                    BoundQuery query => new AnswerResult(session.Answer(query)),
                    BoundFileWrite write => new WriteResult(write, Runtime.Data.TensorFileWriter.Write(write, session.Evaluate(write.Tensor), session.Diagnostics)),
                    _ => throw new InvalidOperationException("unknown output"),
                };
                RunCommand.Print(result, json, environment.Stdout);
            }
        }
        catch (TensorTooLargeException e)
        {
            session.Diagnostics.Report(RunCommand.TooLarge(e));
        }
        catch (DeviceMemoryException e)
        {
            session.Diagnostics.Report(DeviceErrors.OutOfMemory(e));
        }
        writer.Write(session.Diagnostics.ToSortedArray());
        return !session.Diagnostics.HasErrors;
    }

    private void Doc(string name)
    {
        var docs = Compilation.Compile(_sources, DataReaders.Default, ProgramLoader.DefaultSearchPath()).Program.Docs;
        if (DocLookup.For(docs, name) is { } text)
            environment.Stdout.Write(text);
        else
            environment.Stderr.Write($"no documentation for '{name}'\n");
    }

    private void List()
    {
        var compiled = Compilation.Compile(_sources, DataReaders.Default, ProgramLoader.DefaultSearchPath());
        if (compiled.Bound is not { } bound)
            return;
        foreach (var tensor in bound.Tensors.Where(t => !t.IsTemporary))
            environment.Stdout.Write(BoundProgramPrinter.Describe(tensor) + "\n");
    }
}
