using System.Text.RegularExpressions;
using TensorLogic.Testing;

namespace TensorLogic.Syntax.Tests.Architecture;

/// <summary>
/// Project references keep the stages acyclic, but nothing stops two namespaces of one project from
/// depending on each other, which makes them one unit in all but name. This reads src/ lightly, without
/// a compiler: a file's namespace depends on the namespaces it imports (<c>using TensorLogic.X;</c>), on
/// those it names types through (<c>Runtime.Values.Relation</c>, <c>TensorLogic.Compiler.IR.IrOperand</c>),
/// and on an enclosing namespace whose types it uses by their simple names (which needs no using).
/// </summary>
public class NamespaceCycleTests
{
    // One pass, so that a "//" inside a string or a quote inside a comment is not taken for the other.
    private static readonly Regex CommentsAndLiterals = new(
        @"/\*[\s\S]*?\*/|//[^\n]*|""""""[\s\S]*?""""""|@""(?:[^""]|"""")*""|""(?:\\.|[^""\\\n])*""|'(?:\\.|[^'\\\n])'");
    private static readonly Regex Namespace = new(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline);
    private static readonly Regex TypeDeclaration = new(@"\b(?:class|struct|record|interface|enum)\s+([A-Z]\w*)|\bdelegate\s+[\w<>\[\]?,\s]+?\s([A-Z]\w*)\s*[<(]");
    private static readonly Regex Using = new(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?([\w.]+)", RegexOptions.Multiline);
    private static readonly Regex QualifiedName = new(@"(?<![\w.])[A-Z]\w*(?:\.[A-Z]\w*)+");

    [Fact]
    public void Namespaces_of_src_form_no_cycle()
    {
        var files = SourceFiles.Enumerate()
            .Select(path => (Path: Path.GetRelativePath(Repository.Root, path), Code: CodeOf(File.ReadAllText(path))))
            .Select(file => (file.Path, file.Code, Namespace: Namespace.Match(file.Code) is { Success: true } m ? m.Groups[1].Value : null))
            .Where(file => file.Namespace is not null)
            .ToList();
        var types = files
            .GroupBy(file => file.Namespace!)
            .ToDictionary(group => group.Key, group => group
                .SelectMany(file => TypeDeclaration.Matches(file.Code))
                .Select(match => match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value)
                .ToHashSet());

        // from → to → the files that make the edge
        var edges = types.Keys.ToDictionary(ns => ns, _ => new Dictionary<string, SortedSet<string>>());
        foreach (var (path, code, ns) in files)
        {
            foreach (var target in DependenciesOf(code, ns!, types))
            {
                if (target == ns)
                    continue;
                if (!edges[ns!].TryGetValue(target, out var why))
                    edges[ns!][target] = why = [];
                why.Add(path);
            }
        }

        var cycles = StronglyConnected(edges).Where(component => component.Count > 1).ToList();
        var report = cycles.Select(component =>
            string.Join(" <-> ", component) + "\n" + string.Join("\n",
                from source in component
                from edge in edges[source]
                where component.Contains(edge.Key)
                select $"  {source} -> {edge.Key}: {string.Join(", ", edge.Value)}"));
        Assert.True(cycles.Count == 0, "namespace cycles in src/:\n" + string.Join("\n", report));
    }

    private static string CodeOf(string text) =>
        CommentsAndLiterals.Replace(text, match => match.Value[0] == '/' ? "" : "\"\"");

    private static IEnumerable<string> DependenciesOf(string code, string ns, Dictionary<string, HashSet<string>> types)
    {
        foreach (Match match in Using.Matches(code))
        {
            if (LongestNamespace(match.Groups[1].Value, types) is { } imported)
                yield return imported;
        }
        // A qualified name is looked up from the innermost enclosing namespace outwards, as C# does.
        var enclosing = ns.Split('.');
        var prefixes = Enumerable.Range(0, enclosing.Length + 1).Reverse().Select(n => string.Join('.', enclosing.Take(n))).ToList();
        foreach (var name in QualifiedName.Matches(code).Select(m => m.Value).Distinct())
        {
            foreach (var prefix in prefixes)
            {
                var full = prefix.Length == 0 ? name : prefix + "." + name;
                if (TypeNamespace(full, prefix, types) is { } named)
                {
                    yield return named;
                    break;
                }
            }
        }
        foreach (var ancestor in prefixes.Skip(1).Where(types.ContainsKey))
        {
            if (types[ancestor].Any(type => Regex.IsMatch(code, $@"(?<![\w.]){type}\b")))
                yield return ancestor;
        }
    }

    private static string? LongestNamespace(string name, Dictionary<string, HashSet<string>> types)
    {
        for (var candidate = name; candidate.Length > 0; candidate = candidate[..Math.Max(0, candidate.LastIndexOf('.'))])
        {
            if (types.ContainsKey(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>The namespace of <paramref name="full"/> when it is a namespace below <paramref name="prefix"/> followed by one of its types.</summary>
    private static string? TypeNamespace(string full, string prefix, Dictionary<string, HashSet<string>> types)
    {
        var parts = full.Split('.');
        var minimum = prefix.Length == 0 ? 1 : prefix.Split('.').Length + 1;
        for (var n = parts.Length - 1; n >= minimum; n--)
        {
            var candidate = string.Join('.', parts.Take(n));
            if (types.TryGetValue(candidate, out var declared) && declared.Contains(parts[n]))
                return candidate;
        }
        return null;
    }

    /// <summary>Tarjan's strongly connected components, each sorted by name.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, Dictionary<string, SortedSet<string>>> edges)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var result = new List<List<string>>();
        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
                Visit(node);
        }
        return result;

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var next in edges[node].Keys)
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (stack.Contains(next))
                    low[node] = Math.Min(low[node], index[next]);
            }
            if (low[node] != index[node])
                return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                component.Add(member);
            }
            while (member != node);
            result.Add([.. component.Order(StringComparer.Ordinal)]);
        }
    }
}
