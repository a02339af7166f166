using System;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// A dimension of <c>count</c> taken <c>block</c> at a time: a loop over the full blocks (the variable is each block's
/// first index), then the rest as a block of its own with the variable a constant, so every block's size is a literal.
/// </summary>
internal static class BlockLoop
{
    public static void Emit(SourceWriter writer, string variable, int count, int block, string what, Action<int> body)
    {
        int full = count / block * block;
        if (full > 0)
        {
            using (writer.Block($"for (int {variable} = 0; {variable} < {full}; {variable} += {block})"))
            {
                body(block);
            }
        }

        if (full < count)
        {
            writer.Line($"// The last {count - full} {what}.");
            using (writer.Block())
            {
                writer.Line($"const int {variable} = {full};");
                body(count - full);
            }
        }
    }
}
