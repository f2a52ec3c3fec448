using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using TensorLogic.Syntax.Tree;
using TensorLogic.Testing;

namespace TensorLogic.Syntax.Tests;

/// <summary>Checks on the repository that keep the generated parser and the ANTLR dependency where they belong.</summary>
public sealed class RepositoryTests
{
    /// <summary>
    /// tools/antlr/generate.sh records the grammar's hash next to the parser it generates. A grammar edit
    /// without regenerating would leave the committed parser out of date, which nothing else would notice.
    /// </summary>
    [Fact]
    public void Generated_parser_matches_the_grammar()
    {
        // generate.sh hashes the file as committed, with LF line ends; a CRLF checkout must not fail the test.
        var text = File.ReadAllText(Repository.PathOf("grammar", "TensorLogic.g4")).Replace("\r\n", "\n");
        var grammar = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        var recorded = File.ReadAllText(Repository.PathOf("src", "TensorLogic.Syntax", "Generated", "TensorLogic.g4.sha256")).Trim();

        var actual = Convert.ToHexStringLower(SHA256.HashData(grammar));

        Assert.True(actual == recorded,
            $"grammar/TensorLogic.g4 has SHA-256 {actual}, but the parser was generated from {recorded}; run tools/antlr/generate.sh");
    }

    /// <summary>Only TensorLogic.Syntax may see ANTLR: everything downstream works on the immutable syntax tree.</summary>
    [Fact]
    public void Only_the_syntax_project_references_Antlr()
    {
        var source = Repository.PathOf("src");
        var syntaxProject = Path.Combine(source, "TensorLogic.Syntax") + Path.DirectorySeparatorChar;
        var offenders = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .Where(path => Path.GetExtension(path) is ".cs" or ".csproj" or ".props" or ".targets")
            .Where(path => !IsBuildOutput(path) && !IsGenerated(path))
            .Where(path => File.ReadAllText(path).Contains("Antlr4", StringComparison.Ordinal))
            .Where(path => !path.StartsWith(syntaxProject, StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(Repository.Root, path))
            .ToList();

        Assert.True(offenders.Count == 0, "files outside src/TensorLogic.Syntax reference Antlr4: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Syntax_assembly_exposes_no_Antlr_type()
    {
        var leaks = typeof(SyntaxNode).Assembly.GetExportedTypes()
            .SelectMany(type => PublicSignatureTypes(type).Select(used => (type, used)))
            .Where(pair => pair.used.Namespace?.StartsWith("Antlr4", StringComparison.Ordinal) == true
                || pair.used.Namespace == "TensorLogic.Syntax.Generated")
            .Select(pair => $"{pair.type.FullName} uses {pair.used.FullName}")
            .Distinct()
            .ToList();

        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    private static IEnumerable<Type> PublicSignatureTypes(Type type)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } baseType)
            yield return baseType;
        foreach (var implemented in type.GetInterfaces())
            yield return implemented;
        foreach (var member in type.GetMembers(flags))
        {
            switch (member)
            {
                case MethodBase method:
                    foreach (var parameter in method.GetParameters())
                        yield return parameter.ParameterType;
                    if (method is MethodInfo { ReturnType: var returnType })
                        yield return returnType;
                    break;
                case PropertyInfo property:
                    yield return property.PropertyType;
                    break;
                case FieldInfo field:
                    yield return field.FieldType;
                    break;
            }
        }
    }

    private static bool IsBuildOutput(string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar);
        return parts.Contains("bin") || parts.Contains("obj");
    }

    private static bool IsGenerated(string path) =>
        path.Split(Path.DirectorySeparatorChar).Contains("Generated");
}
