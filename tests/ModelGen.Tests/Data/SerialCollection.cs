using Xunit;

namespace ModelGen.Tests.Data;

/// <summary>
/// Tests that allocate tens of megabytes run in this collection, alone, after the parallel ones: the garbage collections
/// they cause make GC.GetAllocatedBytesForCurrentThread count bytes in other tests' zero-allocation checks.
/// </summary>
[CollectionDefinition(nameof(SerialCollection), DisableParallelization = true)]
public sealed class SerialCollection
{
}
