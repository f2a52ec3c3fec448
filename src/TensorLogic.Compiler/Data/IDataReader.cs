using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Data;

/// <summary>
/// Reads data files for the binder. The runtime provides the implementation (file formats are its
/// business); the compiler only needs their content. Implementations report problems (missing file,
/// malformed line, unsupported dtype) to the bag they are given, at the reading statement or at the
/// offending line of the data file, and return null; they never throw for bad input.
/// </summary>
public interface IDataReader
{
    /// <param name="path">The path resolved against the program file's folder.</param>
    /// <param name="at">The statement that reads the file, for diagnostics about the file as a whole.</param>
    DataContent? Read(string path, SourceLocation at, DiagnosticBag diagnostics);
}
