using TensorLogic.Compiler.Data;
using TensorLogic.Runtime.Data;

namespace TensorLogic.Tlc;

/// <summary>
/// The data reader the verbs give the binder, in one place: the runtime's, since file formats are the
/// runtime's business. Programs that read data files are checked against the files' contents, because
/// symbols and sizes in the data take part in inference.
/// </summary>
internal static class DataReaders
{
    public static IDataReader Default { get; } = new DataFileReader();
}
