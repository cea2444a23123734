// How the original solution's Java scorer (refarch-reefer-ml scoring-mp, domain/Telemetry.java)
// reads a legacy payload, written here independently for the tests: strip '(', ')' and '\'',
// split on commas into exactly 20 values, trim, and parse with the Java library's own
// Double.parseDouble, Integer.parseInt and Boolean.valueOf.
//
// Reads one payload per line on stdin; prints one line per payload: the 20 parsed values
// separated by tabs (doubles as the hex of their IEEE bits, so that the test compares them
// bit for bit), or "REFUSED <reason>" when the scorer would not have read it.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

public class LegacyTelemetryParse {
    static String bits(String text) {
        return Long.toHexString(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        for (String payload; (payload = in.readLine()) != null; ) {
            String[] v = payload.replace("(", "").replace(")", "").replace("'", "").split(",");
            if (v.length != 20) {
                out.append("REFUSED ").append(v.length).append(" values\n");
                continue;
            }
            for (int i = 0; i < v.length; i++) v[i] = v[i].trim();
            try {
                String[] parsed = {
                    v[0], v[1], v[2],
                    bits(v[3]), bits(v[4]), bits(v[5]), bits(v[6]),
                    bits(v[7]),                                   // time_door_open, a double there
                    Integer.toString(Integer.parseInt(v[8])),     // content_type
                    Integer.toString(Integer.parseInt(v[9])),     // defrost_cycle
                    bits(v[10]), bits(v[11]), bits(v[12]), bits(v[13]),
                    Boolean.toString(Boolean.valueOf(v[14])),
                    Boolean.toString(Boolean.valueOf(v[15])),
                    Boolean.toString(Boolean.valueOf(v[16])),
                    bits(v[17]), bits(v[18]),
                    Integer.toString(Integer.parseInt(v[19])),    // maintenance_required
                };
                out.append(String.join("\t", parsed)).append('\n');
            } catch (NumberFormatException e) {
                out.append("REFUSED ").append(e.getMessage()).append('\n');
            }
        }
        System.out.print(out);
    }
}
