using System.CommandLine;
using System.Diagnostics;
using TensorLogic.Backends.Gpu.Memory;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Loading;
using TensorLogic.Compiler;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Output;
using TensorLogic.Runtime.Resources;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// <c>tlc run FILE</c>: checks the program, then answers its queries and performs its writes in source
/// order, as text tables or JSON Lines. <c>--emit ir|plan|kernels</c> prints the lowered program (or each equation's kernel) instead of running it;
/// <c>--profile</c> adds where the time went.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CommandEnvironment environment)
    {
        var file = FileArguments.One("The program to run");
        var format = new Option<string>("--format") { Description = "How answers are printed", DefaultValueFactory = _ => "text", HelpName = "text|json" };
        format.AcceptOnlyFromAmong("text", "json");
        var chain = new Option<string>("--chain") { Description = "Answer queries by forward or backward chaining; auto picks per query", DefaultValueFactory = _ => "auto", HelpName = "auto|forward|backward" };
        chain.AcceptOnlyFromAmong("auto", "forward", "backward");
        var engines = new EngineChoice("The engine that computes tensors: the optimizing CPU engine (float32 or float64), the reference, or a GPU (float32)");
        var maxIterations = new Option<int>("--max-iterations") { Description = "Cap on the fixpoint iterations of a recursive component", DefaultValueFactory = _ => 10_000, HelpName = "N" }
            .AcceptIntegers(1);
        var allowPartial = new Option<bool>("--allow-partial") { Description = "Use the last values of a recursion that reaches --max-iterations (warning TL5006) instead of failing (error TL5006)" };
        var tolerance = new Option<double>("--tolerance") { Description = "A recursive real component has converged when no element changes by more than this", DefaultValueFactory = _ => 1e-9, HelpName = "X" }
            .AcceptFiniteAtLeast(0);
        var threads = new Option<int>("--threads") { Description = "CPU threads for the engine (0 = all cores)", DefaultValueFactory = _ => 0, HelpName = "N" }
            .AcceptIntegers(0, OptionRanges.MaxThreads);
        var emit = new Option<string?>("--emit") { Description = "Print the lowered program instead of running it: 'ir' (kernels), 'plan' (with contraction steps) or 'kernels' (what the engine compiles for each equation, with its specialization)", HelpName = "ir|plan|kernels" };
        emit.AcceptOnlyFromAmong("ir", "plan", "kernels");
        var profile = new Option<bool>("--profile") { Description = "After the answers, print the time of each phase and of each equation, the memory the run allocated and held, and which equations the engine declined" };
        var strict = new Option<bool>("--strict-engine") { Description = "Fail (TL4002) instead of running an equation the engine declines on the reference engine" };
        var explain = new Option<string?>("--explain") { Description = "Instead of the answers, print a derivation of minimal height of one true atom, e.g. 'Reach(A, D)', or the chain that gives a cell of a min= or max= tensor its value, e.g. 'Dist[C]'", HelpName = "ATOM" };
        var limits = new LimitOptions();
        var parameters = new Option<string?>("--params") { Description = "Give the program's learned tensors the values saved by 'tlc train --save DIR'", HelpName = "DIR" };
        var command = new Command("run", "Run a program: answer its queries and write its output files")
        {
            file, format, chain, engines.Engine, engines.Device, maxIterations, allowPartial, tolerance, threads, emit, profile, strict, explain, parameters,
        };
        limits.AddTo(command);
        engines.ValidateOn(command);
        command.SetAction(result =>
        {
            var options = new EvaluationOptions
            {
                MaxIterations = result.GetValue(maxIterations),
                AllowPartial = result.GetValue(allowPartial),
                Tolerance = result.GetValue(tolerance),
                Chaining = Enum.Parse<Chaining>(result.GetValue(chain)!, ignoreCase: true),
                StrictEngine = result.GetValue(strict),
                ReleaseIntermediates = true,
                Limits = limits.Read(result),
            };
            var settings = new RunSettings(result.GetValue(format) == "json", engines.Create(result, result.GetValue(threads)),
                options, result.GetValue(emit), result.GetValue(profile))
            {
                Explain = result.GetValue(explain),
                Parameters = result.GetValue(parameters),
            };
            return Run(result.GetValue(file)!, settings, environment);
        });
        return command;
    }

    internal sealed record RunSettings(bool Json, IEngine Engine, EvaluationOptions Options, string? Emit, bool Profile)
    {
        /// <summary>An atom to explain instead of answering the queries.</summary>
        public string? Explain { get; init; }

        /// <summary>A folder of learned tensors (<c>tlc train --save</c>) to run with.</summary>
        public string? Parameters { get; init; }
    }

    internal static int Run(string path, RunSettings settings, CommandEnvironment environment)
    {
        if (EngineChoice.FailsToOpen(settings.Engine, environment) is { } exit)
            return exit;
        var diagnostics = Report.Writer(environment);
        if (SourceFiles.Read(path, out var failure) is not { } source)
        {
            diagnostics.Write(failure!);
            return Report.Finish(diagnostics, inputUnreadable: true);
        }
        if (settings.Explain is { } goal)
        {
            Explanation.Write([source], goal, settings.Engine, settings.Options, environment.Stdout, diagnostics);
            return Report.Finish(diagnostics, inputUnreadable: false);
        }
        var compiled = Compilation.Compile([source], DataReaders.Default, ProgramLoader.DefaultSearchPath());
        diagnostics.Write(compiled.Diagnostics);
        if (compiled.HasErrors || compiled.Bound is not { } bound)
            return Report.Finish(diagnostics, inputUnreadable: false);
        if (settings.Emit is { } form)
        {
            // Exactly what the session would run: the same lowering, for the same engine.
            var lowered = Compilation.Lower(bound, settings.Engine.Target);
            environment.Stdout.Write(form == "kernels" ? settings.Engine.ListKernels(lowered) : IrPrinter.Print(lowered, withPlans: form == "plan"));
            return Report.Finish(diagnostics, inputUnreadable: false);
        }
        var clock = Stopwatch.StartNew();
        using var watchdog = RunWatchdog.Watch(settings.Options.Limits.Timeout, environment.Stderr);
        Session created;
        try
        {
            // Setting up the engine may already fail: a tensor too large to allocate, a device out of memory.
            created = new Session(bound, settings.Engine, settings.Options);
        }
        catch (TensorTooLargeException e)
        {
            diagnostics.Write(TooLarge(e));
            return Report.Finish(diagnostics, inputUnreadable: false);
        }
        catch (ResourceLimitException e)
        {
            diagnostics.Write(e.ToDiagnostic());
            return Report.Finish(diagnostics, inputUnreadable: false);
        }
        catch (EngineDeclinedException e)
        {
            diagnostics.Write(Declined(e.Decline, DiagnosticSeverity.Error));
            return Report.Finish(diagnostics, inputUnreadable: false);
        }
        catch (DeviceMemoryException e)
        {
            diagnostics.Write(DeviceErrors.OutOfMemory(e));
            return Report.Finish(diagnostics, inputUnreadable: false);
        }
        using var session = created;
        if (settings.Parameters is { } folder && !LearnedParameters.Place(folder, session, diagnostics))
            return Report.Finish(diagnostics, inputUnreadable: false);
        var planTime = clock.Elapsed;
        clock.Restart();
        try
        {
            foreach (var output in session.Run())
                Print(output, settings.Json, environment.Stdout);
        }
        catch (TensorTooLargeException e)
        {
            session.Diagnostics.Report(TooLarge(e));
        }
        catch (ResourceLimitException e)
        {
            session.Diagnostics.Report(e.ToDiagnostic());
        }
        catch (EngineDeclinedException e)
        {
            session.Diagnostics.Report(Declined(e.Decline, DiagnosticSeverity.Error));
        }
        catch (DeviceMemoryException e)
        {
            session.Diagnostics.Report(DeviceErrors.OutOfMemory(e));
        }
        var runTime = clock.Elapsed;
        if (settings.Profile)
        {
            foreach (var decline in session.Declines)
                session.Diagnostics.Report(Declined(decline, DiagnosticSeverity.Warning));
        }
        diagnostics.Write(session.Diagnostics.ToSortedArray());
        if (settings.Profile)
            ProfileReport.Write(settings.Json ? environment.Stderr : environment.Stdout, compiled.ParseTime, compiled.CheckTime, planTime, runTime, session);
        return Report.Finish(diagnostics, inputUnreadable: false);
    }

    /// <summary>
    /// A declined equation runs on the engine's fallback (the CPU kernels, for a GPU engine) or on the reference,
    /// so by default nothing is reported; <c>--profile</c> shows it as a warning and <c>--strict-engine</c> makes
    /// it an error.
    /// </summary>
    internal static Diagnostic Declined(KernelDecline decline, DiagnosticSeverity severity) =>
        new(Catalog.BackendDeclined with { Severity = severity }, decline.Equation.Location,
            $"engine '{decline.Provider}' declined this equation: {decline.Reason}",
            severity == DiagnosticSeverity.Error
                ? $"run without --strict-engine to let the {Who(decline)} compute it"
                : $"the {Who(decline)} computed it instead",
            []);

    private static string Who(KernelDecline decline) =>
        decline.ComputedBy == "reference" ? "reference engine" : $"'{decline.ComputedBy}' kernels";

    internal static Diagnostic TooLarge(TensorTooLargeException e) =>
        new(Catalog.TensorTooLarge, e.Symbol?.Location, e.Message,
            "declare smaller domains, or keep the tensor sparse by making it Boolean", []);

    /// <summary>Prints one output; <paramref name="maxRows"/> above 0 cuts a text table of bindings (the REPL's <c>:limit</c>).</summary>
    internal static void Print(OutputResult output, bool json, TextWriter stdout, int maxRows = 0)
    {
        switch (output)
        {
            case AnswerResult answer when json:
                stdout.Write(JsonAnswerWriter.Format(answer.Answer) + "\n");
                break;
            case AnswerResult answer:
                stdout.Write(TextAnswerWriter.Format(answer.Answer, maxRows));
                break;
            case WriteResult { Succeeded: true } write when !json:
                stdout.Write($"wrote {write.Write.Path}\n");
                break;
        }
    }
}
