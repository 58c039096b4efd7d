import { expectedProfile } from "./oracle";
import { FAULT_KINDS } from "./faults";
import { planYear } from "./run";
import { Rng } from "./rng";

describe("the oracle of a Clever user", () => {
  it("maps roles and school memberships as identity must (staff → school_admin; district admins have no school)", () => {
    const profile = expectedProfile({
      name: { first: " Ada ", last: "Lovelace" },
      email: "",
      roles: {
        district_admin: {},
        staff: { schools: ["s2"] },
        teacher: { school: "s1", schools: ["s1", "s2"] },
        contact: {},
      },
    });
    expect(profile).toEqual({
      roles: ["district_admin", "school_admin", "teacher"],
      memberships: ["s1:teacher", "s2:school_admin+teacher"],
      first: "Ada",
      last: "Lovelace",
      email: undefined,
      grade: undefined,
    });
  });

  it("expects no account for a contact-only user", () => {
    expect(
      expectedProfile({
        name: { first: "G", last: "H" },
        roles: { contact: {} },
      }),
    ).toBeUndefined();
  });
});

describe("the calendar of a year", () => {
  it("injects every fault kind, keeps summer quiet and has one rollover day and one mass unshare", () => {
    const plan = planYear(30, new Rng(1), FAULT_KINDS);
    expect(new Set(plan.flatMap((d) => d.faults))).toEqual(
      new Set(FAULT_KINDS),
    );
    expect(plan.filter((d) => d.kind === "rollover")).toHaveLength(1);
    expect(plan.filter((d) => d.massUnshare)).toHaveLength(1);
    const summer = plan.filter((d) => d.kind === "summer");
    expect(summer.length).toBeGreaterThan(0);
    // the expired cursor lands on a quiet summer day
    expect(
      plan.find((d) => d.faults.includes("events_cursor_expired"))?.kind,
    ).toBe("summer");
  });

  it("is a function of the seed", () => {
    expect(planYear(12, new Rng(5), FAULT_KINDS)).toEqual(
      planYear(12, new Rng(5), FAULT_KINDS),
    );
  });
});
