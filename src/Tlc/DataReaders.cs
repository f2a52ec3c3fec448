using TensorLogic.Compiler.Data;

namespace TensorLogic.Tlc;

/// <summary>
/// The data reader the verbs give the binder, in one place. File formats belong to the runtime
/// (TensorLogic.Runtime.Data.DataFileReader); until that reader is part of this build, programs that read
/// data files are checked without one, and the binder reports each file read as TL5009. Plugging the
/// runtime's reader in is a change to <see cref="Default"/> alone.
/// </summary>
internal static class DataReaders
{
    public static IDataReader? Default => null;
}
