using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Serialization;

/// <summary>Shapes written as PyTorch prints them, for messages.</summary>
internal static class SafeTensorsShape
{
    public static string Format(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    public static string Format(IEnumerable<int> shape) => Format(shape.Select(d => (long)d));
}
