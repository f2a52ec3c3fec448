using TensorLogic.Compiler;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Output;
using TensorLogic.Runtime.Reference;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Tests.Semantics;

/// <summary>Runs a program text with the reference engine and returns its answers as JSON Lines.</summary>
internal static class ProgramRunner
{
    public static string Json(string text, Chaining chaining = Chaining.Forward, EvaluationOptions? options = null) =>
        string.Join("\n", Run(text, chaining, options).Answers);

    public static (IReadOnlyList<string> Answers, string Diagnostics) Run(string text, Chaining chaining = Chaining.Forward, EvaluationOptions? options = null)
    {
        var compiled = Compilation.Compile([new SourceText(text, "test.tl")], new DataFileReader());
        if (compiled.Bound is not { } bound)
            throw new InvalidOperationException("program does not check:\n" + DiagnosticFormatter.Format(compiled.Diagnostics));
        var session = new Session(bound, ReferenceEngine.Instance, (options ?? new EvaluationOptions()) with { Chaining = chaining });
        var answers = session.Run().OfType<AnswerResult>().Select(a => JsonAnswerWriter.Format(a.Answer)).ToList();
        return (answers, DiagnosticFormatter.Format(session.Diagnostics.ToSortedArray()));
    }

    /// <summary>The answers, asserting that forward and backward chaining agree exactly.</summary>
    public static string Both(string text)
    {
        var forward = Json(text, Chaining.Forward);
        var backward = Json(text, Chaining.Backward);
        Assert.Equal(forward, backward);
        return forward;
    }
}
