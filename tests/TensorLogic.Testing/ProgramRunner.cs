using TensorLogic.Compiler;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Output;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Testing;

/// <summary>What a run printed: one formatted answer per query in source order, and the diagnostics.</summary>
/// <param name="CompileDiagnostics">Warnings of the compiler (a program with errors does not run).</param>
/// <param name="Diagnostics">Warnings and errors of the run itself.</param>
/// <param name="Writes">How many file writes the program performed (they are not among the answers).</param>
public sealed record RunResult(IReadOnlyList<string> Answers, string CompileDiagnostics, string Diagnostics, int Writes)
{
    /// <summary>The answers as one text, a line each (JSON Lines unless another format was asked for).</summary>
    public string Text => string.Join("\n", Answers);
}

/// <summary>
/// Runs a program through the public API, the way <c>tlc run</c> does: compile, open a session on an
/// engine, answer every query in source order.
/// </summary>
public static class ProgramRunner
{
    public static RunResult Run(EngineCase engine, string text, EvaluationOptions? options = null,
        Func<QueryAnswer, string>? format = null, string path = "test.tl") =>
        Run(new SourceText(text, path), engine, options, format);

    /// <summary>A program file; data files it names are read relative to it.</summary>
    public static RunResult RunFile(EngineCase engine, string path, EvaluationOptions? options = null,
        Func<QueryAnswer, string>? format = null) =>
        Run(new SourceText(File.ReadAllText(path), path), engine, options, format);

    /// <summary>The answers as JSON Lines.</summary>
    public static string Json(EngineCase engine, string text, EvaluationOptions? options = null) =>
        Run(engine, text, options).Text;

    private static RunResult Run(SourceText source, EngineCase engine, EvaluationOptions? options, Func<QueryAnswer, string>? format)
    {
        var compiled = Compilation.Compile([source], new DataFileReader());
        if (compiled.Bound is not { } bound)
            throw new InvalidOperationException("program does not check:\n" + DiagnosticFormatter.Format(compiled.Diagnostics));
        format ??= JsonAnswerWriter.Format;
        using var session = new Session(bound, engine.Engine, (options ?? new EvaluationOptions()) with { Chaining = engine.Chaining });
        var answers = new List<string>();
        var writes = 0;
        // Formatted before the session is disposed: its tensors are not valid afterwards.
        foreach (var output in session.Run())
        {
            if (output is AnswerResult answer)
                answers.Add(format(answer.Answer));
            else
                writes++;
        }
        return new RunResult(answers, DiagnosticFormatter.Format(compiled.Diagnostics),
            DiagnosticFormatter.Format(session.Diagnostics.ToSortedArray()), writes);
    }
}
