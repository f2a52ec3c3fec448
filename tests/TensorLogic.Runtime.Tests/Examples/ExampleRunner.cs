using TensorLogic.Compiler;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Output;
using TensorLogic.Runtime.Reference;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Tests.Examples;

/// <summary>
/// Runs a program of the repository's <c>examples/</c> folder the way <c>tlc run</c> does (compile, then
/// answer every query in source order) with the reference engine, and returns the JSON Lines answers.
/// </summary>
internal static class ExampleRunner
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds TensorLogic.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ExamplePath(string name) => Path.Combine(RepositoryRoot, "examples", name);

    public static string ReferencePath(string name) =>
        Path.Combine(RepositoryRoot, "tests", "TensorLogic.Runtime.Tests", "Examples", "references", name);

    /// <summary>One JSON object per query, in source order, answered with <paramref name="chaining"/>.</summary>
    public static IReadOnlyList<string> Run(string example, Chaining chaining)
    {
        var path = ExamplePath(example);
        var result = Compilation.Compile([new SourceText(File.ReadAllText(path), path)], new DataFileReader());
        // Examples are meant to be read as models of good programs: not even a warning is acceptable.
        Assert.True(result.Diagnostics.IsEmpty, DiagnosticFormatter.Format(result.Diagnostics));
        var session = new Session(result.Bound!, ReferenceEngine.Instance, new EvaluationOptions { Chaining = chaining });
        var answers = session.Run()
            .Select(output => output is AnswerResult answer
                ? JsonAnswerWriter.Format(answer.Answer)
                : throw new InvalidOperationException("examples write no files"))
            .ToList();
        Assert.True(session.Diagnostics.Count == 0, DiagnosticFormatter.Format(session.Diagnostics.ToSortedArray()));
        return answers;
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TensorLogic.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"no TensorLogic.sln above {AppContext.BaseDirectory}");
    }
}
