using System.Text.RegularExpressions;
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
        ["TensorLogic.Backends.Gpu"] = ["TensorLogic.Runtime"],
        ["Tlc"] = ["TensorLogic.Backends.Cpu", "TensorLogic.Backends.Gpu"],
    };

    private static readonly Regex AssemblyGrant = new(@"InternalsVisibleTo\(\s*""([^"",]+)");

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

    /// <summary>
    /// InternalsVisibleTo between source projects would let a later stage depend on an earlier one's
    /// internals, which the project references above cannot see; only test projects may be named.
    /// </summary>
    [Fact]
    public void No_source_project_grants_its_internals_to_another()
    {
        var projects = Directory.GetFiles(Repository.PathOf("src"), "*.csproj", SearchOption.AllDirectories);
        var names = projects.Select(Path.GetFileNameWithoutExtension).ToHashSet();
        var grants = projects
            .SelectMany(project => XDocument.Load(project).Descendants("InternalsVisibleTo")
                .Select(grant => (From: Path.GetFileNameWithoutExtension(project), To: grant.Attribute("Include")?.Value)))
            .Where(grant => names.Contains(grant.To))
            .Select(grant => $"{grant.From} -> {grant.To}")
            .ToList();
        // The attribute form, in code, grants the same; build outputs hold the csproj items' generated copy.
        grants.AddRange(SourceFiles.Enumerate()
            .SelectMany(file => AssemblyGrant.Matches(File.ReadAllText(file))
                .Where(match => names.Contains(match.Groups[1].Value))
                .Select(match => $"{Path.GetRelativePath(Repository.Root, file)} -> {match.Groups[1].Value}")));
        Assert.True(grants.Count == 0, "InternalsVisibleTo naming a source project: " + string.Join(", ", grants));
    }
}
