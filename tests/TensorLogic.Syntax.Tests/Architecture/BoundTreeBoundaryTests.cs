using System.Text.RegularExpressions;
using TensorLogic.Testing;

namespace TensorLogic.Syntax.Tests.Architecture;

/// <summary>
/// The runtime and the CPU backend read equations only as IR: the IR carries its own index and value
/// expressions, so an engine that reached back into the bound tree would couple itself to the checker's
/// data structures again. The program's data and outputs (BoundProgram, BoundQuery, BoundData, ...) stay
/// allowed: Session and the store serve them.
/// </summary>
public class BoundTreeBoundaryTests
{
    private static readonly string[] Projects = ["TensorLogic.Runtime", "TensorLogic.Backends.Cpu"];

    private static readonly Regex BoundEquationTypes = new(
        @"\b(BoundEquation|BoundTerm|BoundExpression|BoundExpressions|BoundIndex|BoundTensorRef|IndexVariable|OuterFunction)\b");

    [Fact]
    public void Engines_name_no_bound_equation_type()
    {
        var files = SourceFiles.Enumerate()
            .Where(path => Projects.Any(project => Path.GetRelativePath(Repository.PathOf("src", project), path) is var relative
                && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative)))
            .ToList();
        Assert.NotEmpty(files);
        var offenders = files
            .SelectMany(path => File.ReadAllLines(path)
                .Select((line, i) => (Line: i + 1, Match: BoundEquationTypes.Match(line)))
                .Where(x => x.Match.Success)
                .Select(x => $"{Path.GetRelativePath(Repository.Root, path)}:{x.Line}: {x.Match.Value}"))
            .ToList();
        Assert.True(offenders.Count == 0, "bound equation types named outside the compiler:\n" + string.Join("\n", offenders));
    }
}
