using System.Runtime.InteropServices;

namespace Lepton.Training.Trees;

/// <summary>
/// The part of LightGBM's C API (c_api.h of LightGBM 4.x, <c>lib_lightgbm</c> from the LightGBM NuGet package) that
/// Lepton's boosting loop calls. Every function returns 0 on success and -1 on failure, whose message
/// <see cref="Check"/> reads from <c>LGBM_GetLastError</c>.
/// </summary>
internal static class LightGbmNative
{
    private const string Library = "lib_lightgbm";

    /// <summary>C_API_DTYPE_FLOAT32: the element type of feature rows and labels.</summary>
    public const int Float32 = 0;

    /// <summary>C_API_PREDICT_RAW_SCORE: the sum of the trees, before any sigmoid or softmax.</summary>
    public const int PredictRawScore = 1;

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern IntPtr LGBM_GetLastError();

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_GetSampleCount(int numTotalRow, [MarshalAs(UnmanagedType.LPUTF8Str)] string parameters, out int count);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_SampleIndices(int numTotalRow, [MarshalAs(UnmanagedType.LPUTF8Str)] string parameters, [Out] int[] indices, out int length);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_DatasetCreateFromSampledColumn(IntPtr[] sampleData, IntPtr[] sampleIndices, int columns, int[] perColumn, int sampleRows,
        int localRows, long distributedRows, [MarshalAs(UnmanagedType.LPUTF8Str)] string parameters, out IntPtr dataset);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_DatasetCreateByReference(IntPtr reference, long rows, out IntPtr dataset);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_DatasetCreateFromMat(float[] data, int dataType, int rows, int columns, int rowMajor,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string parameters, IntPtr reference, out IntPtr dataset);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_DatasetPushRows(IntPtr dataset, float[] data, int dataType, int rows, int columns, int startRow);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_DatasetSetField(IntPtr dataset, [MarshalAs(UnmanagedType.LPUTF8Str)] string field, float[] values, int count, int type);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_DatasetFree(IntPtr dataset);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_BoosterCreate(IntPtr trainData, [MarshalAs(UnmanagedType.LPUTF8Str)] string parameters, out IntPtr booster);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_BoosterAddValidData(IntPtr booster, IntPtr validData);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_BoosterUpdateOneIter(IntPtr booster, out int finished);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_BoosterGetEvalCounts(IntPtr booster, out int count);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_BoosterGetEval(IntPtr booster, int dataIndex, out int length, [Out] double[] results);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_BoosterGetCurrentIteration(IntPtr booster, out int iteration);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_BoosterSaveModelToString(IntPtr booster, int startIteration, int iterations, int importanceType, long bufferLength,
        out long length, [Out] byte[]? text);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_BoosterPredictForMat(IntPtr booster, float[] data, int dataType, int rows, int columns, int rowMajor, int predictType,
        int startIteration, int iterations, [MarshalAs(UnmanagedType.LPUTF8Str)] string parameters, out long length, [Out] double[] results);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int LGBM_BoosterFree(IntPtr booster);

    /// <summary>Throws LightGBM's own message when <paramref name="status"/> is a failure.</summary>
    public static void Check(int status, string doing)
    {
        if (status == 0) return;
        var message = Marshal.PtrToStringUTF8(LGBM_GetLastError()) ?? "no message";
        throw new InvalidOperationException($"LightGBM failed while {doing}: {message}");
    }
}
