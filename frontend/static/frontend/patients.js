import { api } from "./api.js";

const list = document.getElementById("patient-list");
const { data } = await api("GET", "patients/");
for (const patient of data) {
  const item = document.createElement("li");
  item.textContent = patient.display_name;
  list.append(item);
}
document.getElementById("patients-empty").hidden = data.length > 0;
