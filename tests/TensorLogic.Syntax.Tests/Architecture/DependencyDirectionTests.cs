using System.Xml.Linq;
using TensorLogic.Testing;

namespace TensorLogic.Syntax.Tests.Architecture;

/// <summary>
/// Dependencies point one way, Syntax ← Compiler ← Runtime ← Backends ← Tlc: each project may reference
/// only the stage right before it, so no stage can reach around the pipeline.
/// </summary>
public class DependencyDirectionTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["TensorLogic.Syntax"] = [],
        ["TensorLogic.Compiler"] = ["TensorLogic.Syntax"],
        ["TensorLogic.Runtime"] = ["TensorLogic.Compiler"],
        ["TensorLogic.Backends.Cpu"] = ["TensorLogic.Runtime"],
        ["Tlc"] = ["TensorLogic.Backends.Cpu"],
    };

    [Fact]
    public void Every_source_project_references_only_the_stage_before_it()
    {
        var projects = Directory.GetFiles(Repository.PathOf("src"), "*.csproj", SearchOption.AllDirectories);
        Assert.Equal(Allowed.Keys.Order(), projects.Select(Path.GetFileNameWithoutExtension).Order()!);
        foreach (var project in projects)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            var references = XDocument.Load(project).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                .Order()
                .ToArray();
            Assert.True(references.SequenceEqual(Allowed[name]), $"{name} references [{string.Join(", ", references)}]");
        }
    }
}
