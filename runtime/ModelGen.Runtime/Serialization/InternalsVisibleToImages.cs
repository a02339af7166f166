using System.Runtime.CompilerServices;

// ModelGen.Images checks PNG chunk CRCs with this CRC-32 rather than keep a second copy.
[assembly: InternalsVisibleTo("ModelGen.Images")]
