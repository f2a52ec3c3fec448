using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Training;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Tlc.Commands;

/// <summary><c>--params DIR</c>: tensors saved by <c>tlc train --save DIR</c> become the values of the program's tensors of those names.</summary>
internal static class LearnedParameters
{
    /// <summary>False after reporting a folder that cannot be read or a tensor the program cannot take.</summary>
    /// <param name="onlyKnown">Skip saved tensors the program does not have (the REPL's program is still being typed).</param>
    public static bool Place(string folder, Session session, DiagnosticWriter diagnostics, bool onlyKnown = false)
    {
        var bag = new DiagnosticBag();
        foreach (var (name, (shape, values)) in ParameterFiles.Load(folder, bag))
        {
            var tensor = session.Program.FindTensor(name);
            if (tensor is null && onlyKnown)
                continue;
            if (tensor is null || tensor.IsBoolean || session.Program.EquationsFor(tensor).Any())
            {
                bag.Report(Catalog.UnknownGradientTensor, null,
                    $"'{name}' in {folder} is not a tensor of the program that could have been learned",
                    "run with the program the parameters were trained with");
                continue;
            }
            if (!shape.SequenceEqual(tensor.Shape))
            {
                bag.Report(Catalog.DataShapeMismatch, tensor.Location,
                    $"'{name}' in {folder} has shape ({string.Join(", ", shape)}), but the program's '{name}' has ({string.Join(", ", tensor.Shape)})");
                continue;
            }
            session.SetData(tensor, new DenseTensor<double>(tensor.Shape, values));
        }
        diagnostics.Write(bag.ToSortedArray());
        return !bag.HasErrors;
    }
}
