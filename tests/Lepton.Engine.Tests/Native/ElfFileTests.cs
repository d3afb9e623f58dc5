using Lepton.Native;

namespace Lepton.Engine.Tests.Native;

public sealed class ElfFileTests
{
    [Fact]
    public void The_bridge_needs_GLIBCXX_3_4_32_from_libstdcxx_and_not_weakly()
    {
        var needs = ElfFile.Read(NativeFiles.Bridge).NeededVersions();
        var need = Assert.Single(needs, n => n.Version == NativeFiles.MissingVersion);
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.IsWeak);
        Assert.Contains(needs, n => n.Version == "GLIBCXX_3.4" && n.File == "libstdc++.so.6");
        Assert.Contains(needs, n => n.File == "libc.so.6");
    }

    [Fact]
    public void The_host_libstdcxx_defines_GLIBCXX_3_4_30()
    {
        var defined = ElfFile.Read(NativeFiles.HostLibStdCxx).DefinedVersions();
        Assert.Contains("GLIBCXX_3.4.30", defined);
        Assert.Contains("GLIBCXX_3.4", defined);
        Assert.Contains("CXXABI_1.3", defined);
    }

    [FactIfDebian12]
    public void Debian_12s_libstdcxx_lacks_GLIBCXX_3_4_32()
    {
        Assert.DoesNotContain(NativeFiles.MissingVersion, ElfFile.Read(NativeFiles.HostLibStdCxx).DefinedVersions());
        Assert.True(NativeFiles.HostNeedsFix);
    }

    [Fact]
    public void No_relocation_uses_a_symbol_of_GLIBCXX_3_4_32()
    {
        var elf = ElfFile.Read(NativeFiles.Bridge);
        var needs = elf.NeededVersions();
        var missing = needs.Single(n => n.Version == NativeFiles.MissingVersion);
        Assert.Empty(elf.RelocatedSymbolsOfVersion(missing.Index));

        // The same query finds the symbols of a version the bridge really binds to, so an empty answer means something.
        var basic = needs.Single(n => n.Version == "GLIBCXX_3.4");
        Assert.NotEmpty(elf.RelocatedSymbolsOfVersion(basic.Index));
    }

    [Fact]
    public void Marking_the_version_weak_changes_only_its_flag_bytes()
    {
        var original = File.ReadAllBytes(NativeFiles.Bridge);
        var elf = ElfFile.Parse(NativeFiles.Bridge, original);
        var missing = elf.NeededVersions().Single(n => n.Version == NativeFiles.MissingVersion);

        var patched = elf.WithWeakVersions([missing]);

        Assert.Equal(original.Length, patched.Length);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.NotEmpty(changed);
        Assert.All(changed, i => Assert.InRange((ulong)i, missing.FlagsOffset, missing.FlagsOffset + 1));
        Assert.Equal(original, File.ReadAllBytes(NativeFiles.Bridge)); // the source is untouched

        var reread = ElfFile.Parse("patched", patched).NeededVersions();
        Assert.True(reread.Single(n => n.Version == NativeFiles.MissingVersion).IsWeak);
        Assert.Equal(
            elf.NeededVersions().Where(n => n != missing).Select(n => (n.File, n.Version, n.Flags)),
            reread.Where(n => n.Version != NativeFiles.MissingVersion).Select(n => (n.File, n.Version, n.Flags)));
    }

    [Fact]
    public void Truncated_copies_are_refused_naming_the_file()
    {
        var bytes = File.ReadAllBytes(NativeFiles.Bridge);
        foreach (var length in new[] { 0, 3, 16, 63, 64, 4096, bytes.Length / 2, bytes.Length - 64, bytes.Length - 1 })
        {
            var name = $"/tmp/bridge-cut-at-{length}.so";
            var error = Assert.Throws<InvalidDataException>(() => ElfFile.Parse(name, bytes[..length]));
            Assert.Contains(name, error.Message);
        }
    }

    [Fact]
    public void Files_that_are_not_64_bit_ELF_are_refused_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lepton-not-elf-{Guid.NewGuid():N}.so");
        File.WriteAllText(path, "/* GNU ld script */ INPUT(libstdc++.so.6) and some more text to pass 64 bytes of header length");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => ElfFile.Read(path));
            Assert.Contains(path, error.Message);
            Assert.Contains("not an ELF file", error.Message);
        }
        finally
        {
            File.Delete(path);
        }

        var elf32 = File.ReadAllBytes(NativeFiles.Bridge)[..4096];
        elf32[4] = 1;
        var wrongClass = Assert.Throws<InvalidDataException>(() => ElfFile.Parse("elf32.so", elf32));
        Assert.Contains("64-bit little-endian", wrongClass.Message);
    }

    [Fact]
    public void A_version_name_outside_the_string_table_is_invalid_data()
    {
        var bytes = File.ReadAllBytes(NativeFiles.Bridge);
        var missing = ElfFile.Parse("bridge", bytes).NeededVersions().Single(n => n.Version == NativeFiles.MissingVersion);
        BitConverter.GetBytes(0xFFFFFFF0u).CopyTo(bytes, (int)missing.FlagsOffset + 4); // vna_name
        var error = Assert.Throws<InvalidDataException>(() => ElfFile.Parse("bad-name.so", bytes).NeededVersions());
        Assert.Contains("bad-name.so", error.Message);
    }

    [Fact]
    public void Corrupt_headers_give_invalid_data_and_never_another_exception()
    {
        var original = File.ReadAllBytes(NativeFiles.Bridge);
        var shoff = BitConverter.ToInt64(original, 0x28);
        var random = new Random(12);
        for (var trial = 0; trial < 300; trial++)
        {
            var bytes = (byte[])original.Clone();
            for (var k = 0; k < 4; k++)
            {
                // Damage the ELF header or the section header table, where the reader takes its offsets from.
                var at = random.Next(2) == 0 ? random.Next(0x28, 64) : (int)shoff + random.Next(original.Length - (int)shoff);
                bytes[at] = (byte)random.Next(256);
            }
            try
            {
                var elf = ElfFile.Parse("damaged.so", bytes);
                foreach (var need in elf.NeededVersions()) elf.RelocatedSymbolsOfVersion(need.Index);
                elf.DefinedVersions();
            }
            catch (InvalidDataException error)
            {
                Assert.Contains("damaged.so", error.Message);
            }
        }
    }
}
