using System.Buffers.Binary;
using System.Text;

namespace Lepton.Native;

/// <summary>
/// A read-only view of the parts of a 64-bit little-endian ELF shared object that symbol versioning uses:
/// the versions a library needs (<c>.gnu.version_r</c>), the versions it defines (<c>.gnu.version_d</c>),
/// and which dynamic symbols relocations refer to.
/// </summary>
internal sealed class ElfFile
{
    private const uint ShtRela = 4;
    private const uint ShtRel = 9;
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;
    internal const ushort VerFlagWeak = 0x2;

    private readonly byte[] _bytes;
    private readonly List<Section> _sections;

    private ElfFile(string path, byte[] bytes)
    {
        Path = path;
        _bytes = bytes;
        _sections = ReadSections();
    }

    public string Path { get; }

    public static ElfFile Read(string path) => new(path, File.ReadAllBytes(path));

    public static ElfFile Parse(string path, byte[] bytes) => new(path, bytes);

    /// <summary>Every version this file requires from its dependencies, with where its flags live.</summary>
    public IReadOnlyList<VersionNeed> NeededVersions()
    {
        var result = new List<VersionNeed>();
        foreach (var section in _sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strings = Linked(section);
            var offset = section.Offset;
            for (var i = 0; i < section.Info; i++)
            {
                var count = U16(offset + 2);
                var file = String(strings, U32(offset + 4));
                var aux = offset + U32(offset + 8);
                for (var j = 0; j < count; j++)
                {
                    result.Add(new VersionNeed(file, String(strings, U32(aux + 8)), U16(aux + 4), U16(aux + 6), aux + 4));
                    aux += U32(aux + 12);
                }
                var next = U32(offset + 12);
                if (next == 0) break;
                offset += next;
            }
        }
        return result;
    }

    /// <summary>Every version name this file defines (for libstdc++: GLIBCXX_3.4, …, GLIBCXX_3.4.30).</summary>
    public IReadOnlySet<string> DefinedVersions()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in _sections.Where(s => s.Type == ShtGnuVerdef))
        {
            var strings = Linked(section);
            var offset = section.Offset;
            for (var i = 0; i < section.Info; i++)
            {
                var count = U16(offset + 6);
                var aux = offset + U32(offset + 12);
                for (var j = 0; j < count; j++)
                {
                    result.Add(String(strings, U32(aux)));
                    aux += U32(aux + 4);
                }
                var next = U32(offset + 16);
                if (next == 0) break;
                offset += next;
            }
        }
        return result;
    }

    /// <summary>Names of the dynamic symbols bound to a needed version (by its index) that some relocation uses.</summary>
    public IReadOnlyList<string> RelocatedSymbolsOfVersion(ushort versionIndex)
    {
        var dynsym = _sections.FirstOrDefault(s => s.Type == ShtDynsym);
        var versym = _sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        if (dynsym is null || versym is null) return [];

        var used = new HashSet<uint>();
        foreach (var rel in _sections.Where(s => s.Type is ShtRela or ShtRel && s.Link == (uint)_sections.IndexOf(dynsym)))
        {
            var size = rel.EntrySize == 0 ? (rel.Type == ShtRela ? 24UL : 16UL) : rel.EntrySize;
            for (var at = rel.Offset; at + size <= rel.Offset + rel.Size; at += size)
                used.Add((uint)(U64(at + 8) >> 32));
        }

        var strings = Linked(dynsym);
        var count = dynsym.Size / 24;
        var names = new List<string>();
        for (uint i = 1; i < count; i++)
        {
            if ((U16(versym.Offset + i * 2) & 0x7fff) != versionIndex || !used.Contains(i)) continue;
            names.Add(String(strings, U32(dynsym.Offset + i * 24)));
        }
        return names;
    }

    /// <summary>Returns a copy of the file's bytes with the given needed versions marked weak.</summary>
    public byte[] WithWeakVersions(IEnumerable<VersionNeed> needs)
    {
        var copy = (byte[])_bytes.Clone();
        foreach (var need in needs)
        {
            var flags = (ushort)(need.Flags | VerFlagWeak);
            BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(checked((int)need.FlagsOffset), 2), flags);
        }
        return copy;
    }

    private List<Section> ReadSections()
    {
        if (_bytes.Length < 64 || _bytes[0] != 0x7f || _bytes[1] != (byte)'E' || _bytes[2] != (byte)'L' || _bytes[3] != (byte)'F')
            throw new InvalidDataException($"{Path} is not an ELF file.");
        if (_bytes[4] != 2 || _bytes[5] != 1)
            throw new InvalidDataException($"{Path} is not a 64-bit little-endian ELF file.");

        var shoff = U64(0x28);
        var shentsize = U16(0x3A);
        var shnum = U16(0x3C);
        if (shentsize < 64 || shoff > (ulong)_bytes.Length || (ulong)shnum * shentsize > (ulong)_bytes.Length - shoff)
            throw new InvalidDataException($"{Path} has a section header table outside the file (truncated?).");

        var sections = new List<Section>(shnum);
        for (var i = 0; i < shnum; i++)
        {
            var at = shoff + (ulong)(i * shentsize);
            var section = new Section(U32(at + 4), U64(at + 24), U64(at + 32), U32(at + 40), U32(at + 44), U64(at + 56));
            if (section.Type != 8 /* NOBITS */ && (section.Size > (ulong)_bytes.Length || section.Offset > (ulong)_bytes.Length - section.Size))
                throw new InvalidDataException($"{Path}: section {i} lies outside the file (truncated?).");
            sections.Add(section);
        }
        return sections;
    }

    private Section Linked(Section section)
    {
        if (section.Link >= (uint)_sections.Count)
            throw new InvalidDataException($"{Path}: a section links to section {section.Link}, which does not exist.");
        return _sections[(int)section.Link];
    }

    private string String(Section table, ulong index)
    {
        if (index >= table.Size || table.Offset >= (ulong)_bytes.Length || index >= (ulong)_bytes.Length - table.Offset)
            throw new InvalidDataException($"{Path}: a string offset ({index}) lies outside its string table.");
        var start = (int)(table.Offset + index);
        var end = Array.IndexOf(_bytes, (byte)0, start);
        if (end < 0 || (ulong)end > table.Offset + table.Size)
            throw new InvalidDataException($"{Path}: a string runs past its string table.");
        return Encoding.ASCII.GetString(_bytes, start, end - start);
    }

    private ushort U16(ulong at) => BinaryPrimitives.ReadUInt16LittleEndian(Span(at, 2));
    private uint U32(ulong at) => BinaryPrimitives.ReadUInt32LittleEndian(Span(at, 4));
    private ulong U64(ulong at) => BinaryPrimitives.ReadUInt64LittleEndian(Span(at, 8));

    private ReadOnlySpan<byte> Span(ulong at, int length)
    {
        if (at > (ulong)_bytes.Length || (ulong)length > (ulong)_bytes.Length - at)
            throw new InvalidDataException($"{Path}: read past the end of the file at offset {at}.");
        return _bytes.AsSpan((int)at, length);
    }

    private sealed record Section(uint Type, ulong Offset, ulong Size, uint Link, uint Info, ulong EntrySize);
}

/// <summary>One version a library needs from a dependency (an ELF <c>Vernaux</c> entry).</summary>
internal sealed record VersionNeed(string File, string Version, ushort Flags, ushort Index, ulong FlagsOffset)
{
    public bool IsWeak => (Flags & ElfFile.VerFlagWeak) != 0;
}
