using System.Diagnostics;
using TensorLogic.Backends.Gpu.Memory;
using TensorLogic.Compiler;
using TensorLogic.Compiler.Loading;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Parsing;
using TensorLogic.Syntax.Text;
using TensorLogic.Tlc.Repl;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// The read-eval-print loop. Each accepted submission becomes one more source of the program
/// (<c>&lt;repl:3&gt;</c>), and the whole program is checked again, as minsk chains its submissions: a
/// submission with errors is reported and dropped, leaving the program as it was. Only the outputs of the
/// newest submission are answered, and those of a loaded file only when asked (<c>:load --queries</c>), since a
/// file is loaded to work with it, not to see its answers scroll by. A line that leaves a bracket open, or ends in a comma or an operator,
/// is continued on the next; a ':' command is never program text, so one typed meanwhile runs at once and the
/// open statement waits.
/// </summary>
internal sealed class ReplSession(CommandEnvironment environment, bool json, IEngine engine, ILineSource lines, string? parameters = null)
{
    private readonly List<SourceText> _sources = [];
    private readonly List<string> _pending = [];
    private int _submissions;
    private BoundProgram? _program;
    // Made once: it listens for Ctrl-C as long as the session reads from a person.
    private readonly ReplCancellation _cancellation = new(listen: lines.Interactive);

    public CommandEnvironment Environment => environment;
    public IEngine Engine => engine;
    public IReadOnlyList<SourceText> Sources => _sources;

    /// <summary>Whether each submission is followed by the time it took (<c>:time</c>).</summary>
    public bool Timing { get; set; }

    /// <summary>How many rows of bindings an answer shows before it counts the rest (<c>:limit</c>; 0: all).</summary>
    public int RowLimit { get; set; } = DefaultRowLimit;

    public const int DefaultRowLimit = 20;

    /// <summary>The names Tab offers: the tensors of the program as last accepted.</summary>
    public IEnumerable<string> TensorNames => _program?.Tensors.Where(t => !t.IsTemporary).Select(t => t.Name) ?? [];

    /// <summary>Loads <paramref name="files"/> (answering their queries with <paramref name="answerFiles"/>), then reads submissions.</summary>
    public int Run(IReadOnlyList<string> files, bool answerFiles = false)
    {
        var failed = false;
        foreach (var file in files)
            failed |= !Load(file, answerFiles);
        if (lines.Interactive)
            environment.Stdout.Write("Tensor Logic REPL. Type :help for commands, :quit to leave.\n");
        using var cancellation = _cancellation;
        while (ReadLine() is { } line)
        {
            if (line.TrimStart().StartsWith(':'))
            {
                if (!ReplMetaCommands.Run(this, line.Trim()))
                    break;
                continue;
            }
            _pending.Add(line);
            var text = string.Join("\n", _pending);
            // A /// comment documents the statement after it, so it waits for that statement (:doc finds it).
            if (IsIncomplete(text) || line.TrimStart().StartsWith("///", StringComparison.Ordinal))
                continue;
            _pending.Clear();
            if (!string.IsNullOrWhiteSpace(text))
                failed |= !Timed(() => Submit(new SourceText(text + "\n", $"<repl:{++_submissions}>")));
        }
        // Piped input ends the session: the exit code tells a script whether any submission failed.
        return failed && !lines.Interactive ? ExitCodes.ProgramErrors : ExitCodes.Success;
    }

    private string? ReadLine()
    {
        _cancellation.Forget();
        return lines.ReadLine(continuation: _pending.Count > 0);
    }

    /// <summary>Forgets the program and any statement still open.</summary>
    public void Reset()
    {
        _sources.Clear();
        _pending.Clear();
        _program = null;
    }

    /// <summary>Adds a program file; its queries and file writes run only with <paramref name="answer"/>.</summary>
    public bool Load(string path, bool answer)
    {
        if (SourceFiles.Read(path, out var failure) is not { } source)
        {
            Report.Writer(environment).Write(failure!);
            return false;
        }
        return Timed(() => Submit(source, answer));
    }

    private static bool IsIncomplete(string text) =>
        SyntaxParser.ParseWithStatus(new SourceText(text, "<repl>"), new DiagnosticBag()).EndedIncomplete;

    private bool Timed(Func<bool> submit)
    {
        var clock = Stopwatch.StartNew();
        var accepted = submit();
        if (Timing)
            environment.Stdout.Write($"time: {clock.Elapsed.TotalMilliseconds:0.0} ms\n");
        return accepted;
    }

    /// <summary>Checks the program with the new source added; on success keeps it and answers its outputs.</summary>
    private bool Submit(SourceText source, bool answer = true)
    {
        // From here to the answer Ctrl-C stops the work instead of the process, even while the program is
        // still being checked: the token is cancelled then, and the session sees it as soon as it starts.
        var cancel = _cancellation.Begin();
        try
        {
            return Check(source) is { } bound && (!answer || Answer(bound, source, cancel));
        }
        catch (Exception e) when (IsCancellation(e))
        {
            environment.Stderr.Write("query cancelled\n");
            return false;
        }
        finally
        {
            _cancellation.End();
        }
    }

    // A kernel that runs on several threads reports Ctrl-C wrapped in an AggregateException.
    private static bool IsCancellation(Exception e) =>
        e is OperationCanceledException
        || e is AggregateException aggregate && aggregate.Flatten().InnerExceptions.All(i => i is OperationCanceledException);

    /// <summary>The program with <paramref name="source"/> added, kept if it has no errors; null after reporting them.</summary>
    private BoundProgram? Check(SourceText source)
    {
        var compiled = Compilation.Compile([.. _sources, source], DataReaders.Default, ProgramLoader.DefaultSearchPath());
        // Warnings about earlier submissions were shown when they were made; show only the new source's.
        // "Never used" means nothing in a session that is still being typed, so it is not shown at all.
        Report.Writer(environment).Write(compiled.Diagnostics.Where(d => d.IsError || d.Location?.Source == source && d.Descriptor != Catalog.UnusedTensor));
        if (compiled.HasErrors || compiled.Bound is not { } bound)
            return null;
        _sources.Add(source);
        _program = bound;
        return bound;
    }

    /// <summary>Runs the program far enough to answer the outputs of <paramref name="source"/>, printing each answer.</summary>
    private bool Answer(BoundProgram bound, SourceText source, CancellationToken cancel)
    {
        var outputs = bound.Outputs.Where(o => o.Location.Source == source).ToList();
        if (outputs.Count == 0)
            return true;
        var writer = Report.Writer(environment);
        Session created;
        try
        {
            created = new Session(bound, engine, new EvaluationOptions { Cancellation = cancel });
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
                RunCommand.Print(result, json, environment.Stdout, json ? 0 : RowLimit);
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
}
