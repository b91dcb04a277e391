using System.Globalization;
using System.Text;

namespace ErpConnector.Sandbox.Documents;

/// <summary>
/// A one-page PDF holding a few lines of text: a real, valid file (header, objects, cross-reference table with exact
/// byte offsets, trailer) so a connector that follows a PDF link and checks what it got sees a PDF, not a stub.
/// Written by hand because the simulator needs nothing a PDF library would add.
/// </summary>
public static class PdfFile
{
    public static byte[] WithText(params string[] lines)
    {
        var text = new StringBuilder("BT /F1 12 Tf 50 800 Td 16 TL\n");
        foreach (var line in lines) text.Append('(').Append(Escape(line)).Append(") '\n");
        text.Append("ET");
        var stream = text.ToString();

        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            $"<< /Length {stream.Length} >>\nstream\n{stream}\nendstream",
        ];

        // Every character written is ASCII (Escape turns the rest into octal codes), so string length = byte count.
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    // Latin-1 letters (ç, ã, é…) are the same codes in WinAnsiEncoding, written as octal escapes; anything else becomes '?'.
    private static string Escape(string line)
    {
        var escaped = new StringBuilder();
        foreach (var c in line)
        {
            if (c is '(' or ')' or '\\') escaped.Append('\\').Append(c);
            else if (c is >= ' ' and <= '~') escaped.Append(c);
            else if (c is >= '\u00A0' and <= '\u00FF') escaped.Append('\\').Append(Convert.ToString(c, 8));
            else escaped.Append('?');
        }
        return escaped.ToString();
    }
}
