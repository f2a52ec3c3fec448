using System.Collections.Immutable;
using TensorLogic.Runtime.Tests.Data;
using TensorLogic.Runtime.Training;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Runtime.Tests.Training;

public class ParameterFilesTests
{
    private static readonly (string Name, ImmutableArray<int> Shape, double[] Values)[] Tensors =
    [
        ("W", [2, 3], [0.5, -1.25, 3.0, 1e-300, -2.5e10, 0.1]),
        ("M'", [2], [Math.PI, -0.0]),
        ("s", [], [42.0]),
    ];

    [Fact]
    public void Save_writes_one_npy_file_per_tensor_and_a_manifest()
    {
        using var folder = new TempFolder();
        var directory = folder.File("params");
        var diagnostics = new DiagnosticBag();
        Assert.True(ParameterFiles.Save(directory, Tensors, diagnostics));
        Assert.Empty(diagnostics);
        Assert.Equal(["M_prime.npy", "W.npy", "manifest.tsv", "s.npy"], Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(
            "name\tfile\tshape\n" +
            "W\tW.npy\t(2, 3)\n" +
            "M'\tM_prime.npy\t(2,)\n" +
            "s\ts.npy\t()\n",
            File.ReadAllText(Path.Combine(directory, "manifest.tsv")));
    }

    [Fact]
    public void Load_gives_back_exactly_what_was_saved_under_the_original_names()
    {
        using var folder = new TempFolder();
        var diagnostics = new DiagnosticBag();
        ParameterFiles.Save(folder.Path, Tensors, diagnostics);
        var loaded = ParameterFiles.Load(folder.Path, diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal(["M'", "W", "s"], loaded.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, shape, values) in Tensors)
        {
            Assert.Equal(shape.ToArray(), loaded[name].Shape.ToArray());
            // Bit for bit, negative zero included.
            Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), loaded[name].Values.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void Names_that_share_a_spelling_round_trip_to_their_own_values()
    {
        using var folder = new TempFolder();
        var diagnostics = new DiagnosticBag();
        ParameterFiles.Save(folder.Path, [("M'", [1], [1.0]), ("M_prime", [1], [2.0])], diagnostics);
        var loaded = ParameterFiles.Load(folder.Path, diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal([1.0], loaded["M'"].Values);
        Assert.Equal([2.0], loaded["M_prime"].Values);
    }

    [Fact]
    public void A_missing_folder_is_reported_not_thrown()
    {
        using var folder = new TempFolder();
        var diagnostics = new DiagnosticBag();
        var missing = folder.File("nowhere");
        Assert.Empty(ParameterFiles.Load(missing, diagnostics));
        Assert.Equal($"error TL5001: the parameter folder '{missing}' was not found", Assert.Single(diagnostics).ToString());
    }

    [Fact]
    public void A_folder_without_a_manifest_is_reported()
    {
        using var folder = new TempFolder();
        folder.Write("W.npy", [1, 2, 3]);
        var diagnostics = new DiagnosticBag();
        Assert.Empty(ParameterFiles.Load(folder.Path, diagnostics));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal($"error TL5001: '{folder.File("manifest.tsv")}' not found", diagnostic.ToString());
        Assert.Equal("a folder of saved parameters lists its tensors in manifest.tsv", diagnostic.Help);
    }

    [Fact]
    public void A_corrupt_npy_file_is_reported_at_its_manifest_line_and_the_rest_still_load()
    {
        using var folder = new TempFolder();
        var diagnostics = new DiagnosticBag();
        ParameterFiles.Save(folder.Path, Tensors, diagnostics);
        folder.Write("M_prime.npy", "this is not an npy file");
        var loaded = ParameterFiles.Load(folder.Path, diagnostics);
        Assert.Equal(["W", "s"], loaded.Keys.Order(StringComparer.Ordinal));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("TL5002", diagnostic.Id);
        Assert.Equal($"{folder.File("manifest.tsv")}:3:1", diagnostic.Location.ToString());
    }

    [Fact]
    public void A_file_the_manifest_names_but_the_folder_lacks_is_reported()
    {
        using var folder = new TempFolder();
        var diagnostics = new DiagnosticBag();
        ParameterFiles.Save(folder.Path, Tensors, diagnostics);
        File.Delete(folder.File("s.npy"));
        var loaded = ParameterFiles.Load(folder.Path, diagnostics);
        Assert.Equal(2, loaded.Count);
        Assert.Equal(
            $"{folder.File("manifest.tsv")}:4:1: error TL5001: '{folder.File("s.npy")}', the file of 's', not found",
            Assert.Single(diagnostics).ToString());
    }

    [Fact]
    public void A_file_whose_shape_differs_from_the_manifest_is_reported()
    {
        using var folder = new TempFolder();
        var diagnostics = new DiagnosticBag();
        ParameterFiles.Save(folder.Path, [("W", [2, 3], new double[6])], diagnostics);
        folder.Write("manifest.tsv", "name\tfile\tshape\nW\tW.npy\t(3, 2)\n");
        Assert.Empty(ParameterFiles.Load(folder.Path, diagnostics));
        Assert.Equal(
            $"{folder.File("manifest.tsv")}:2:1: error TL5003: '{folder.File("W.npy")}' holds shape (2, 3), but the manifest gives 'W' shape (3, 2)",
            Assert.Single(diagnostics).ToString());
    }

    [Theory]
    [InlineData("name\tfile\tshape\nW\tW.npy\n", 2, "a line of '{0}' needs 3 tab-separated fields (name, file, shape), not 2")]
    [InlineData("name\tfile\tshape\nW\tW.npy\t[2, 3]\n", 2, "the shape '[2, 3]' of 'W' is not a tuple of sizes such as (3, 4), (3,) or ()")]
    [InlineData("name\tfile\tshape\nW\t../W.npy\t(2, 3)\n", 2, "the file '../W.npy' of 'W' is not a file name within the folder")]
    [InlineData("name\tfile\tshape\n\tW.npy\t(2, 3)\n", 2, "a line of '{0}' has an empty tensor name")]
    [InlineData("name\tfile\tshape\nW\tW.npy\t(2, 3)\nW\tW.npy\t(2, 3)\n", 3, "'{0}' lists the tensor 'W' twice")]
    [InlineData("W\tW.npy\t(2, 3)\n", 1, "'{0}' does not start with the header 'name<TAB>file<TAB>shape'")]
    public void A_malformed_manifest_line_is_reported_where_it_is(string manifest, int line, string message)
    {
        using var folder = new TempFolder();
        ParameterFiles.Save(folder.Path, [("W", [2, 3], new double[6])], new DiagnosticBag());
        var path = folder.Write("manifest.tsv", manifest);
        var diagnostics = new DiagnosticBag();
        ParameterFiles.Load(folder.Path, diagnostics);
        Assert.Equal($"{path}:{line}:1: error TL5002: {string.Format(message, path)}", Assert.Single(diagnostics).ToString());
    }

    [Fact]
    public void A_folder_that_cannot_be_created_is_reported()
    {
        using var folder = new TempFolder();
        var blocker = folder.Write("taken", "a file where the folder should go");
        var diagnostics = new DiagnosticBag();
        Assert.False(ParameterFiles.Save(Path.Combine(blocker, "params"), Tensors, diagnostics));
        Assert.Equal("TL5005", Assert.Single(diagnostics).Id);
    }

    [Fact]
    public void Saving_again_replaces_the_values()
    {
        using var folder = new TempFolder();
        var diagnostics = new DiagnosticBag();
        ParameterFiles.Save(folder.Path, [("W", [1], [1.0])], diagnostics);
        ParameterFiles.Save(folder.Path, [("W", [1], [2.0])], diagnostics);
        Assert.Equal([2.0], ParameterFiles.Load(folder.Path, diagnostics)["W"].Values);
        Assert.Empty(diagnostics);
        Assert.Equal(["W.npy", "manifest.tsv"], folder.FileNames());
    }
}
