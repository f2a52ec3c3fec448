using System.Collections.Immutable;
using TensorLogic.Compiler.Data;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Backends.Cpu.Tests.Contraction;

/// <summary>
/// A data reader that invents file contents, so test programs can use tensors far larger than a literal:
/// <c>W = "W.npy"</c> reads uniform values in [-1, 1), and a file registered as Boolean reads 0/1 cells
/// with the given density. Values depend only on the file name, so every run sees the same data.
/// </summary>
internal sealed class RandomDataReader : IDataReader
{
    private readonly Dictionary<string, (int[] Shape, double? Density)> _files = new(StringComparer.Ordinal);

    /// <summary>A real file of the given shape.</summary>
    public RandomDataReader Real(string name, params int[] shape)
    {
        _files[name] = (shape, null);
        return this;
    }

    /// <summary>A Boolean file of the given shape, each cell true with probability <paramref name="density"/>.</summary>
    public RandomDataReader Boolean(string name, double density, params int[] shape)
    {
        _files[name] = (shape, density);
        return this;
    }

    public DataContent? Read(string path, SourceLocation at, DiagnosticBag diagnostics)
    {
        var name = Path.GetFileName(path);
        if (!_files.TryGetValue(name, out var file))
            throw new InvalidOperationException($"the test registered no file '{name}'");
        var random = new Random(StableHash(name));
        var values = new double[file.Shape.Aggregate(1, (a, s) => a * s)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = file.Density is { } density
                ? random.NextDouble() < density ? 1 : 0
                : random.NextDouble() * 2 - 1;
        }
        var kind = file.Density is null ? DenseElementKind.Real : DenseElementKind.Boolean;
        return new DenseContent(path, [.. file.Shape], values, kind);
    }

    /// <summary>string.GetHashCode is randomized per process; tests want the same data every run.</summary>
    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked(h * 31 + c));
}
